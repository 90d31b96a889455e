-- holidays.sql — days that differ from the Monday–Friday working week.

CREATE TYPE govindex.holiday_kind AS ENUM ('holiday', 'swapped_workday');
COMMENT ON TYPE govindex.holiday_kind IS
    'A day off on a weekday, or a weekend day worked to bridge a holiday — Ngày nghỉ lễ, hoặc ngày cuối tuần làm bù';

CREATE TABLE govindex.holidays (
    day      date NOT NULL PRIMARY KEY,
    kind     govindex.holiday_kind NOT NULL,
    name_vi  text NOT NULL CHECK (name_vi <> ''),
    name_en  text,
    CONSTRAINT holidays_swapped_workday_on_weekend
        CHECK (kind <> 'swapped_workday' OR extract(isodow FROM day) IN (6, 7))
);
COMMENT ON TABLE govindex.holidays IS
    'Public holidays and swapped working days that change the Monday–Friday week — Ngày nghỉ lễ, Tết và ngày làm bù';
COMMENT ON COLUMN govindex.holidays.day IS 'The date — Ngày';
COMMENT ON COLUMN govindex.holidays.kind IS
    'holiday: no work on this day; swapped_workday: a Saturday or Sunday worked — Loại ngày';
COMMENT ON COLUMN govindex.holidays.name_vi IS 'Vietnamese name, e.g. Tết Nguyên đán — Tên ngày lễ';
COMMENT ON COLUMN govindex.holidays.name_en IS 'English name — Tên tiếng Anh';

SELECT pg_catalog.pg_extension_config_dump('govindex.holidays', '');
