/*
 * dossier_inputs.h — the input columns of the dossier_stats aggregates, written
 * once: the arguments of dossier_stats() and dossier_stats_part() after the state
 * and before the window (and the part), in argument order.  X(ID, name, SQL type).
 *
 * dossier_stats.c numbers the transition function's arguments from this list
 * (ARG_ID).  The Makefile expands it into the SQL pieces with
 * src/dossier_inputs.awk, where a piece says @dossier_inputs:parameters@ (one
 * "name type" a line), @dossier_inputs:types@ (the types, for a signature) or
 * @dossier_inputs:columns d@ (d.name, ..., for a call).  Adding a column is one
 * line here, the code that counts it, and the stored format's new version; the
 * upgrade script recreates the functions and aggregates with the new signature.
 */
#ifndef DOSSIER_INPUTS_H
#define DOSSIER_INPUTS_H

#define DOSSIER_INPUTS(X) \
	X(RECEIVED_AT,				received_at,			timestamptz) \
	X(DUE_AT,					due_at,					timestamptz) \
	X(ENDED_AT,					ended_at,				timestamptz) \
	X(END_STATUS,				end_status,				govindex.end_status) \
	X(SUPPLEMENT_REQUESTS,		supplement_requests,	smallint) \
	X(SUPPLEMENT_PERIODS,		supplement_periods,		tstzmultirange) \
	X(CHANNEL,					channel,				govindex.channel) \
	X(PROCEDURE_ID,				procedure_id,			int) \
	X(PAPER_RESULT_REQUIRED,	paper_result_required,	bool) \
	X(FEE_BEARING,				fee_bearing,			bool) \
	X(SYNCED,					synced,					bool) \
	X(ELECTRONIC_RESULT,		electronic_result,		bool) \
	X(DIGITIZED,				digitized,				bool) \
	X(REUSED_DATA,				reused_data,			bool) \
	X(PERSONAL_STORE,			personal_store,			bool) \
	X(POPULATION_DATA,			population_data,		bool) \
	X(PAID_ONLINE,				paid_online,			govindex.payment_channel) \
	X(FEE_AMOUNT,				fee_amount,				bigint) \
	X(RATING,					rating,					govindex.citizen_rating)

#endif							/* DOSSIER_INPUTS_H */
