// Package coord is the time math of coordinators and datasets: frequencies
// in a time zone's calendar, the nominal times a coordinator materialises,
// the dataset instances current(n) and latest(n) name, URI templates, and
// the date functions coordinator params use.
//
// Everything here is pure and deterministic (no clock, no I/O), so the same
// code answers `howdah plan --from --to` and runs inside Temporal workflows.
//
// Calendar rules (Oozie's, made explicit):
//   - seconds(n) and minutes(n) are fixed durations; days(n) and months(n) keep the start's
//     wall-clock time in the time zone, so 02:00 Europe/Berlin stays 02:00
//     local on both sides of a DST change. The k-th time is computed from
//     the start, never from the previous time, so one odd day does not
//     shift the rest.
//   - A wall-clock time that does not exist (spring forward: 02:30 on the
//     day clocks jump from 02:00 to 03:00) is read with the offset after
//     the change, an hour early on the wall clock (01:30), where Oozie's
//     calendar arithmetic lands. A time that exists twice (fall back) is
//     taken at its first occurrence (summer time). Either way the series
//     fires exactly once that day; cron follows the same rule.
//   - months(n) from the 31st clamps to the month's last day (Jan 31,
//     Feb 28, Mar 31), as Java's Calendar.add does.
//   - end_of_days(n), end_of_weeks(n) and end_of_months(n) start at the
//     end of the initial time's day, week or month: the next midnight,
//     Sunday or first of the month, even when it is one already (as
//     Oozie), then step by days, weeks or months.
//   - current(n) = initial + F x ((nominal - initial) div F + n): the
//     instance the nominal time falls in, shifted by n. Instances before the
//     dataset's initial instance are dropped.
//
// It must not import Temporal or Hadoop clients.
package coord
