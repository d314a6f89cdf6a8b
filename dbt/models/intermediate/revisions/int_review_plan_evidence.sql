-- Reviews held but not yet typed in on each revision night, traced through
-- the care plan agreed at them (macros/indicators/review_indicators.sql,
-- reviews_evidenced_by_plans, says why and how). int_indicator_nowcasts adds
-- them to the recorded reviews before nowcasting reviews in timescale, so
-- the month's late reviews still to be typed in are foreseen child by child
-- rather than from monthly totals.
{{ reviews_evidenced_by_plans(ref('int_revision_nights')) }}
