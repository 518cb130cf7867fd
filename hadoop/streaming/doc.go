// Package streaming runs Hadoop streaming jobs on the local machine with
// Hadoop's semantics, for howdah's local mode:
//
//   - inputs (files, or directories whose files not starting with "_" or "."
//     are read) are cut into splits at line boundaries; each split feeds one
//     mapper process on its stdin, one line per record;
//   - each line a mapper prints is a record: the key is the text before the
//     first tab, the value the rest (no tab: the whole line is the key);
//   - records are partitioned over the reducers with Hadoop's
//     HashPartitioner on the key's bytes, sorted by key (byte order, stable),
//     spilled to disk when the sort buffer fills, and merged, so inputs larger
//     than memory work;
//   - each reducer process reads its partition's "key\tvalue" lines in key
//     order; what it prints is written to part-NNNNN as "key\tvalue", as
//     Hadoop's TextOutputFormat does (a line without a tab gets one);
//   - with zero reducers the mappers' records are written directly;
//   - the output directory gets _SUCCESS when every task succeeded, and the
//     counters Hadoop reports (TaskCounter and friends) are returned.
//
// Map and reduce tasks run Parallelism at a time (default: the number of
// CPUs). The package does not import Temporal.
package streaming
