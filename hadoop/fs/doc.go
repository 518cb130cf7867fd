// Package fs is howdah's filesystem layer: one interface, FileSystem, with a
// backend per path scheme. Local paths and file:// URLs use the local
// filesystem; hdfs:// URLs need an HDFS backend registered by the worker.
//
// Every method takes a context, and a missing path is reported with an
// error for which errors.Is(err, fs.ErrNotExist) holds (io/fs.ErrNotExist).
// Deletes go through fspath.CheckDeletePath first, whatever the caller did.
package fs
