/** Contact-fatigue window of marketing segments, days, unless SEGMENT_FATIGUE_DAYS says otherwise. */
export const DEFAULT_FATIGUE_DAYS = 7;
