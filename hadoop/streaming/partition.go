package streaming

// partition is Hadoop's HashPartitioner for Text keys:
// (WritableComparator.hashBytes(key) & Integer.MAX_VALUE) % reducers, where
// hashBytes is 31*h + b over the key's signed bytes, starting from 1. Using
// the same function as YARN puts each key in the same part file locally and
// on a cluster.
func partition(key []byte, reducers int) int {
	h := int32(1)
	for _, b := range key {
		h = 31*h + int32(int8(b))
	}
	return int(h&0x7fffffff) % reducers
}
