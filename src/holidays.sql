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
        CHECK (kind <> 'swapped_workday' OR extract(isodow FROM day) IN (6, 7)),
    -- a calendar spans at most 100 years (workcal): a typo such as 2204 would make every
    -- calendar built from the holidays, and every report, fail
    CONSTRAINT holidays_day_in_calendar_years CHECK (day >= '2000-01-01' AND day < '2100-01-01')
);
COMMENT ON TABLE govindex.holidays IS
    'Public holidays and swapped working days that change the Monday–Friday week — Ngày nghỉ lễ, Tết và ngày làm bù';
COMMENT ON COLUMN govindex.holidays.day IS 'The date, in the years 2000 to 2099 — Ngày (năm 2000 đến 2099)';
COMMENT ON COLUMN govindex.holidays.kind IS
    'holiday: no work on this day; swapped_workday: a Saturday or Sunday worked — Loại ngày';
COMMENT ON COLUMN govindex.holidays.name_vi IS 'Vietnamese name, e.g. Tết Nguyên đán — Tên ngày lễ';
COMMENT ON COLUMN govindex.holidays.name_en IS 'English name — Tên tiếng Anh';

SELECT pg_catalog.pg_extension_config_dump('govindex.holidays', '');

-- The national calendar as shipped: the weekdays off and the weekend days worked for
-- civil servants, 2022–2027, as announced each year (Labour Code 2019, Art. 112: 1
-- January; Tết Nguyên đán 5 days; Hùng Kings' day 10/3 lunar; 30 April; 1 May;
-- 2 September plus an adjacent day; a holiday on a weekend is taken on the next working
-- day).  Kept apart from govindex.holidays, which holds the province's own rows (they
-- override a national row of the same day): this table belongs to the extension and is
-- recreated by CREATE EXTENSION, so pg_dump does not dump it and a restore does not
-- collide with it.  Rows marked provisional follow the Labour Code's rules before any
-- announcement; correct them with rows in govindex.holidays once it is published.
CREATE TABLE govindex.national_holidays (
    day          date NOT NULL PRIMARY KEY,
    kind         govindex.holiday_kind NOT NULL,
    name_vi      text NOT NULL CHECK (name_vi <> ''),
    name_en      text NOT NULL,
    provisional  bool NOT NULL DEFAULT false,
    source       text NOT NULL,
    CONSTRAINT national_holidays_swapped_workday_on_weekend
        CHECK (kind <> 'swapped_workday' OR extract(isodow FROM day) IN (6, 7)),
    CONSTRAINT national_holidays_holiday_on_weekday
        CHECK (kind <> 'holiday' OR extract(isodow FROM day) BETWEEN 1 AND 5),
    CONSTRAINT national_holidays_day_in_calendar_years CHECK (day >= '2000-01-01' AND day < '2100-01-01')
);
COMMENT ON TABLE govindex.national_holidays IS
    'Shipped national calendar 2022–2027 for civil servants: weekdays off and swapped working days; override with rows in govindex.holidays — Lịch nghỉ lễ, Tết toàn quốc';
COMMENT ON COLUMN govindex.national_holidays.day IS 'The date, in the years 2000 to 2099 — Ngày (năm 2000 đến 2099)';
COMMENT ON COLUMN govindex.national_holidays.kind IS
    'holiday: a weekday off; swapped_workday: a Saturday or Sunday worked — Loại ngày';
COMMENT ON COLUMN govindex.national_holidays.name_vi IS 'Vietnamese name — Tên ngày lễ';
COMMENT ON COLUMN govindex.national_holidays.name_en IS 'English name — Tên tiếng Anh';
COMMENT ON COLUMN govindex.national_holidays.provisional IS
    'Derived from the Labour Code before the year''s official announcement — Dự kiến, chưa có thông báo chính thức';
COMMENT ON COLUMN govindex.national_holidays.source IS 'Where the date comes from — Nguồn';

INSERT INTO govindex.national_holidays (day, kind, name_vi, name_en, provisional, source) VALUES
-- 2022 (Nhâm Dần): 1/1 on Saturday; Tết 29/1–6/2; Hùng Kings' day Sunday 10/4;
-- 30/4 and 1/5 on Saturday and Sunday; 2/9 Friday with Thursday 1/9
('2022-01-03', 'holiday', 'Nghỉ bù Tết Dương lịch', 'New Year''s Day (in lieu)', false, 'Labour Code 2019 art. 111(3); MoLISA notice on 2022 holidays'),
('2022-01-31', 'holiday', 'Tết Nguyên đán Nhâm Dần (29 tháng Chạp)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-02-01', 'holiday', 'Tết Nguyên đán Nhâm Dần (mùng 1)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-02-02', 'holiday', 'Tết Nguyên đán Nhâm Dần (mùng 2)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-02-03', 'holiday', 'Tết Nguyên đán Nhâm Dần (mùng 3)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-02-04', 'holiday', 'Tết Nguyên đán Nhâm Dần (mùng 4)', 'Lunar New Year', false, 'Prime Minister''s decision on Tết 2022, announced by MoLISA: 29/1–6/2/2022'),
('2022-04-11', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (in lieu)', false, 'Labour Code 2019 art. 111(3): 10/3 lunar = Sunday 10/4/2022'),
('2022-05-02', 'holiday', 'Nghỉ bù Ngày Giải phóng miền Nam 30/4', 'Reunification Day (in lieu)', false, 'Labour Code 2019 art. 111(3): 30/4/2022 was a Saturday'),
('2022-05-03', 'holiday', 'Nghỉ bù Ngày Quốc tế Lao động 1/5', 'Labour Day (in lieu)', false, 'Labour Code 2019 art. 111(3): 1/5/2022 was a Sunday'),
('2022-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'Prime Minister''s decision on National Day 2022: 1/9–4/9/2022'),
('2022-09-02', 'holiday', 'Quốc khánh', 'National Day', false, 'Labour Code 2019 art. 112'),
-- 2023 (Quý Mão): 1/1 on Sunday; Tết 20/1–26/1; Hùng Kings' day Saturday 29/4, 30/4
-- Sunday, 1/5 Monday: off 29/4–3/5; 2/9 Saturday: off 1/9–4/9
('2023-01-02', 'holiday', 'Nghỉ bù Tết Dương lịch', 'New Year''s Day (in lieu)', false, 'Labour Code 2019 art. 111(3): 1/1/2023 was a Sunday'),
('2023-01-20', 'holiday', 'Tết Nguyên đán Quý Mão (29 tháng Chạp)', 'Lunar New Year', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-01-23', 'holiday', 'Tết Nguyên đán Quý Mão (mùng 2)', 'Lunar New Year', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-01-24', 'holiday', 'Tết Nguyên đán Quý Mão (mùng 3)', 'Lunar New Year', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-01-25', 'holiday', 'Nghỉ bù Tết Nguyên đán Quý Mão', 'Lunar New Year (in lieu)', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-01-26', 'holiday', 'Nghỉ bù Tết Nguyên đán Quý Mão', 'Lunar New Year (in lieu)', false, 'Government Office notice of 1/12/2022: Tết 20/1–26/1/2023'),
('2023-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Labour Day', false, 'Labour Code 2019 art. 112'),
('2023-05-02', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (in lieu)', false, 'Labour Code 2019 art. 111(3): 10/3 lunar = Saturday 29/4/2023'),
('2023-05-03', 'holiday', 'Nghỉ bù Ngày Giải phóng miền Nam 30/4', 'Reunification Day (in lieu)', false, 'Labour Code 2019 art. 111(3): 30/4/2023 was a Sunday'),
('2023-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'Government Office notice of 1/12/2022: 1/9–4/9/2023'),
('2023-09-04', 'holiday', 'Nghỉ bù Quốc khánh', 'National Day (in lieu)', false, 'Government Office notice of 1/12/2022: 1/9–4/9/2023'),
-- 2024 (Giáp Thìn): Tết 8/2–14/2 (Thursday to Wednesday, no make-up day); Hùng Kings'
-- day Thursday 18/4; 29/4 off, worked on Saturday 4/5; 2/9 Monday with Tuesday 3/9
('2024-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', false, 'Labour Code 2019 art. 112'),
('2024-02-08', 'holiday', 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)', 'Lunar New Year', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-02-09', 'holiday', 'Tết Nguyên đán Giáp Thìn (30 tháng Chạp)', 'Lunar New Year', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-02-12', 'holiday', 'Tết Nguyên đán Giáp Thìn (mùng 3)', 'Lunar New Year', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-02-13', 'holiday', 'Nghỉ bù Tết Nguyên đán Giáp Thìn', 'Lunar New Year (in lieu)', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-02-14', 'holiday', 'Nghỉ bù Tết Nguyên đán Giáp Thìn', 'Lunar New Year (in lieu)', false, 'MoLISA notice on 2024 holidays: Tết 8/2–14/2/2024'),
('2024-04-18', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hung Kings'' Commemoration', false, 'Labour Code 2019 art. 112'),
('2024-04-29', 'holiday', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 4/5)', 'Swapped day off (worked on Saturday 4 May)', false, 'MoLISA notice on the 30/4–1/5/2024 swap: off 27/4–1/5, make-up Saturday 4/5/2024'),
('2024-04-30', 'holiday', 'Ngày Giải phóng miền Nam', 'Reunification Day', false, 'Labour Code 2019 art. 112'),
('2024-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Labour Day', false, 'Labour Code 2019 art. 112'),
('2024-05-04', 'swapped_workday', 'Làm bù cho ngày 29/4', 'Worked to make up for 29 April', false, 'MoLISA notice on the 30/4–1/5/2024 swap: make-up Saturday 4/5/2024'),
('2024-09-02', 'holiday', 'Quốc khánh', 'National Day', false, 'Labour Code 2019 art. 112; holiday 31/8–3/9/2024'),
('2024-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'Prime Minister''s decision on National Day 2024: 31/8–3/9/2024'),
-- 2025 (Ất Tỵ): Tết 25/1–2/2 (weekdays 27/1–31/1); Hùng Kings' day Monday 7/4; 2/5
-- off, worked on Saturday 26/4; National Day Saturday 30/8 to Tuesday 2/9
('2025-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', false, 'Labour Code 2019 art. 112'),
('2025-01-27', 'holiday', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-01-28', 'holiday', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-01-29', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 1)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-01-30', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 2)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-01-31', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 3)', 'Lunar New Year', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: Tết 25/1–2/2/2025'),
('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hung Kings'' Commemoration', false, 'Labour Code 2019 art. 112'),
('2025-04-26', 'swapped_workday', 'Làm bù cho ngày 2/5', 'Worked to make up for 2 May', false, 'Swap for 30/4–1/5/2025: off 30/4–4/5, make-up Saturday 26/4/2025'),
('2025-04-30', 'holiday', 'Ngày Giải phóng miền Nam', 'Reunification Day', false, 'Labour Code 2019 art. 112'),
('2025-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Labour Day', false, 'Labour Code 2019 art. 112'),
('2025-05-02', 'holiday', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4)', 'Swapped day off (worked on Saturday 26 April)', false, 'Swap for 30/4–1/5/2025: off 30/4–4/5, make-up Saturday 26/4/2025'),
('2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: National Day 30/8–2/9/2025'),
('2025-09-02', 'holiday', 'Quốc khánh', 'National Day', false, 'MoLISA plan of 3/12/2024 approved by the Prime Minister: National Day 30/8–2/9/2025'),
-- 2026 (Bính Ngọ): 1/1 Thursday, 2/1 off, worked on Saturday 10/1; Tết 14/2–22/2
-- (weekdays 16/2–20/2); Hùng Kings' day Sunday 26/4; 2/9 Wednesday with Tuesday 1/9
('2026-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', false, 'Labour Code 2019 art. 112'),
('2026-01-02', 'holiday', 'Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/1)', 'Swapped day off (worked on Saturday 10 January)', false, 'Deputy Prime Minister''s approval of 25/12/2025: off 1/1–4/1/2026, make-up Saturday 10/1/2026'),
('2026-01-10', 'swapped_workday', 'Làm bù cho ngày 2/1', 'Worked to make up for 2 January', false, 'Deputy Prime Minister''s approval of 25/12/2025: make-up Saturday 10/1/2026'),
('2026-02-16', 'holiday', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-02-17', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 1)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-02-18', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 2)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-02-19', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 3)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-02-20', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 4)', 'Lunar New Year', false, 'Government decision on Tết 2026: 14/2–22/2/2026'),
('2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'Hung Kings'' Commemoration (in lieu)', false, 'Labour Code 2019 art. 111(3): 10/3 lunar = Sunday 26/4/2026'),
('2026-04-30', 'holiday', 'Ngày Giải phóng miền Nam', 'Reunification Day', false, 'Labour Code 2019 art. 112'),
('2026-05-01', 'holiday', 'Ngày Quốc tế Lao động', 'Labour Day', false, 'Labour Code 2019 art. 112'),
('2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'National Day (adjacent day)', false, 'Ministry of Home Affairs plan for 2026: 2/9 and the day before'),
('2026-09-02', 'holiday', 'Quốc khánh', 'National Day', false, 'Labour Code 2019 art. 112'),
-- 2027 (Đinh Mùi): not announced; the Labour Code's rules with estimated lunar dates
-- (Tết, mùng 1 = Saturday 6/2; Hùng Kings' day estimated Friday 16/4)
('2027-01-01', 'holiday', 'Tết Dương lịch', 'New Year''s Day', true, 'Labour Code 2019 art. 112 (provisional)'),
('2027-02-05', 'holiday', 'Tết Nguyên đán Đinh Mùi (29 tháng Chạp, dự kiến)', 'Lunar New Year (provisional)', true, 'Labour Code 2019 art. 112; no announcement yet'),
('2027-02-08', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 3, dự kiến)', 'Lunar New Year (provisional)', true, 'Labour Code 2019 art. 112; no announcement yet'),
('2027-02-09', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 4, dự kiến)', 'Lunar New Year (provisional)', true, 'Labour Code 2019 art. 112; no announcement yet'),
('2027-02-10', 'holiday', 'Nghỉ bù Tết Nguyên đán Đinh Mùi (dự kiến)', 'Lunar New Year in lieu (provisional)', true, 'Labour Code 2019 art. 111(3); no announcement yet'),
('2027-02-11', 'holiday', 'Nghỉ bù Tết Nguyên đán Đinh Mùi (dự kiến)', 'Lunar New Year in lieu (provisional)', true, 'Labour Code 2019 art. 111(3); no announcement yet'),
('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, dự kiến)', 'Hung Kings'' Commemoration (provisional)', true, 'Labour Code 2019 art. 112; lunar date estimated'),
('2027-04-30', 'holiday', 'Ngày Giải phóng miền Nam', 'Reunification Day', true, 'Labour Code 2019 art. 112 (provisional)'),
('2027-05-03', 'holiday', 'Nghỉ bù Ngày Quốc tế Lao động 1/5 (dự kiến)', 'Labour Day in lieu (provisional)', true, 'Labour Code 2019 art. 111(3): 1/5/2027 is a Saturday'),
('2027-09-02', 'holiday', 'Quốc khánh', 'National Day', true, 'Labour Code 2019 art. 112 (provisional)'),
('2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề, dự kiến)', 'National Day adjacent day (provisional)', true, 'Labour Code 2019 art. 112; adjacent day not announced');
