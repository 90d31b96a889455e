-- rate's binary form: version byte 1, then numerator and denominator as big-endian int8.
SET search_path = public, govindex;

SELECT rate_send('3/7') AS "3/7", rate_send('0/0') AS "0/0";
SELECT rate_send('9223372036854775807/9223372036854775807') AS "max",
       rate_send('258/65536') AS "258/65536";

-- Files written and read by the server, named after this backend.
SELECT '/tmp/govindex_rate_' || pg_backend_pid() || '_round_trip.bin' AS round_trip_file,
       '/tmp/govindex_rate_' || pg_backend_pid() || '_payload.bin' AS payload_file \gset

--
-- Binary COPY round trip
--
CREATE TABLE rate_source (id int, r rate);
INSERT INTO rate_source VALUES (1, '0/0'), (2, '967020/1925307'), (3, NULL), (4, '1/2'),
    (5, '2/4'), (6, '9223372036854775807/9223372036854775807'), (7, '0/9223372036854775807');
COPY rate_source TO :'round_trip_file' WITH (FORMAT binary);
CREATE TABLE rate_copy (id int, r rate);
COPY rate_copy FROM :'round_trip_file' WITH (FORMAT binary);
SELECT id, s.r AS sent, c.r AS received, s.r IS NOT DISTINCT FROM c.r AS same
FROM rate_source AS s FULL JOIN rate_copy AS c USING (id) ORDER BY id;
-- The bytes in the file are rate_send's.
CREATE TABLE rate_bytes (id int, b bytea);
COPY rate_bytes FROM :'round_trip_file' WITH (FORMAT binary);
SELECT id, b, b IS NOT DISTINCT FROM rate_send(r) AS same_as_send
FROM rate_bytes JOIN rate_source USING (id) ORDER BY id;

--
-- Malformed binary input: each payload is written as a bytea field of a binary COPY
-- file and read back into a rate column, so that rate_recv gets exactly its bytes.
--
CREATE TABLE payloads (id int, what text, b bytea);
INSERT INTO payloads VALUES
    (1, 'valid 3/7', '\x0100000000000000030000000000000007'),
    (2, 'version 2', '\x0200000000000000030000000000000007'),
    (3, 'version 0', '\x0000000000000000030000000000000007'),
    (4, 'version 255, short', '\xff'),
    (5, 'empty', '\x'),
    (6, 'version byte only', '\x01'),
    (7, 'short by one byte', '\x01000000000000000300000000000000'),
    (8, 'one trailing byte', '\x010000000000000003000000000000000700'),
    (9, 'numerator -1', '\x01ffffffffffffffff0000000000000002'),
    (10, 'denominator -2', '\x010000000000000001fffffffffffffffe'),
    (11, 'numerator > denominator, 3/2', '\x0100000000000000030000000000000002'),
    (12, 'numerator > denominator, 5/0', '\x0100000000000000050000000000000000'),
    (13, 'largest, 2^63-1 / 2^63-1', '\x017fffffffffffffff7fffffffffffffff'),
    (14, 'NULL (recv is not called)', NULL);

CREATE TABLE rate_target (r rate);
-- Feeds payload id to rate_recv; returns the rate read, or SQLSTATE: message / detail.
CREATE FUNCTION pg_temp.receive(payload_id int, path text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
    detail text;
BEGIN
    EXECUTE format('COPY (SELECT b FROM payloads WHERE id = %s) TO %L WITH (FORMAT binary)',
                   payload_id, path);
    DELETE FROM rate_target;
    EXECUTE format('COPY rate_target FROM %L WITH (FORMAT binary)', path);
    SELECT coalesce(r::text, 'NULL') INTO STRICT result FROM rate_target;
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' / ' || nullif(detail, ''), '');
END
$$;
SELECT id, what, pg_temp.receive(id, :'payload_file') AS result FROM payloads ORDER BY id;

-- As psql shows one of them.
COPY (SELECT b FROM payloads WHERE id = 2) TO :'payload_file' WITH (FORMAT binary);
COPY rate_target FROM :'payload_file' WITH (FORMAT binary);
COPY (SELECT b FROM payloads WHERE id = 11) TO :'payload_file' WITH (FORMAT binary);
COPY rate_target FROM :'payload_file' WITH (FORMAT binary);

DROP TABLE rate_target, payloads, rate_bytes, rate_copy, rate_source;
