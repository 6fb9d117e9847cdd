package graph

import "time"

// TimeLayout formats times as stores keep them: RFC 3339 in UTC with milliseconds, so that
// the strings sort as the times do.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// FormatTime formats t with TimeLayout, in UTC.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }
