// Package hadoop groups the clients howdah uses to do real work: the
// filesystem layer (package hadoop/fs), the local streaming runner
// (hadoop/streaming) and, for clusters, HDFS and YARN clients. Nothing
// below hadoop/ imports Temporal: activities adapt these packages.
package hadoop
