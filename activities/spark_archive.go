package activities

import (
	"archive/zip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// sparkArchives remembers, per worker, the archives of Spark's jars
// already known to be in place, so only the first job of a Spark
// installation pays for looking (and, once per cluster, for uploading).
type sparkArchives struct {
	mu    sync.Mutex
	ready map[string]bool
}

// sparkArchiveConf is the spark.yarn.archive option for a job when the
// worker has a SparkArchiveDir: the zip of $SPARK_HOME/jars in that
// directory, named by a digest of the jars' names and sizes (so an
// upgraded Spark gets its own), uploaded once if missing. Without the
// option spark-submit zips and uploads SPARK_HOME/jars (about 440 MB for
// Spark 4.0) on every submit unless the cluster's configuration sets
// spark.yarn.jars or spark.yarn.archive itself.
func (a *Activities) sparkArchiveConf(ctx context.Context) ([]string, error) {
	url, err := a.SparkArchive(ctx)
	if url == "" || err != nil {
		return nil, err
	}
	return []string{"--conf", "spark.yarn.archive=" + url}, nil
}

// SparkArchive is the URL of the archive of Spark's jars in
// SparkArchiveDir, uploaded first if it is missing ("" without a
// SparkArchiveDir or HDFS).
func (a *Activities) SparkArchive(ctx context.Context) (string, error) {
	if a.SparkArchiveDir == "" || a.HDFS == nil {
		return "", nil
	}
	home := sparkHome(a.sparkSubmit())
	if home == "" {
		return "", fmt.Errorf("%w: --spark-archive-dir needs SPARK_HOME (or an absolute --spark-submit) to find Spark's jars", errBadInput)
	}
	jars, digest, err := sparkJars(filepath.Join(home, "jars"))
	if err != nil {
		return "", fmt.Errorf("%w: %v", errBadInput, err)
	}
	url := strings.TrimSuffix(a.SparkArchiveDir, "/") + "/spark-jars-" + digest + ".zip"
	a.archives.mu.Lock()
	defer a.archives.mu.Unlock()
	if !a.archives.ready[url] {
		if err := a.uploadSparkArchive(ctx, url, jars); err != nil {
			return "", fmt.Errorf("uploading Spark's jars to %s: %w", url, err)
		}
		if a.archives.ready == nil {
			a.archives.ready = map[string]bool{}
		}
		a.archives.ready[url] = true
	}
	return url, nil
}

// sparkHome is the Spark installation spark-submit belongs to.
func sparkHome(submit string) string {
	if filepath.IsAbs(submit) {
		return filepath.Dir(filepath.Dir(submit))
	}
	return os.Getenv("SPARK_HOME")
}

// sparkJars lists the jars of dir and a digest of their names and sizes.
func sparkJars(dir string) ([]string, string, error) {
	jars, err := filepath.Glob(filepath.Join(dir, "*.jar"))
	if err != nil || len(jars) == 0 {
		return nil, "", fmt.Errorf("no jars in %s", dir)
	}
	sort.Strings(jars)
	h := sha256.New()
	for _, j := range jars {
		fi, err := os.Stat(j)
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.Base(j), fi.Size())
	}
	return jars, hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// uploadSparkArchive writes the zip (stored, not compressed: jars are
// compressed already) to a temporary name beside url and renames it into
// place, so a job never sees half an archive and two workers uploading at
// once both end with a whole one.
func (a *Activities) uploadSparkArchive(ctx context.Context, url string, jars []string) error {
	if _, err := a.HDFS.Stat(ctx, url); err == nil {
		return nil
	} else if !errors.Is(err, iofs.ErrNotExist) {
		return err
	}
	// A name no other upload has: workers on several hosts (or in
	// containers, all pid 1) may race for the same archive.
	var nonce [8]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return err
	}
	tmp := url + ".tmp-" + hex.EncodeToString(nonce[:])
	w, err := a.HDFS.Create(ctx, tmp)
	if err != nil {
		return err
	}
	if err := writeJarsZip(w, jars); err != nil {
		w.Close()
		a.HDFS.Delete(ctx, tmp, true)
		return err
	}
	if err := w.Close(); err != nil {
		a.HDFS.Delete(ctx, tmp, true)
		return err
	}
	if err := a.HDFS.Rename(ctx, tmp, url); err != nil {
		a.HDFS.Delete(ctx, tmp, true)
		if _, serr := a.HDFS.Stat(ctx, url); serr == nil {
			return nil // another worker's upload won
		}
		return err
	}
	return nil
}

// writeJarsZip writes the jars as stored entries whose CRC and sizes are
// in their local headers: a streamed stored entry (sizes in a trailing
// data descriptor) is one Java's ZipInputStream, and so YARN's localizer,
// cannot unpack.
func writeJarsZip(w io.Writer, jars []string) error {
	z := zip.NewWriter(w)
	for _, j := range jars {
		if err := storeFile(z, j); err != nil {
			return err
		}
	}
	return z.Close()
}

func storeFile(z *zip.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	crc := crc32.NewIEEE()
	n, err := io.Copy(crc, f)
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	h := &zip.FileHeader{Name: filepath.Base(path), Method: zip.Store, CRC32: crc.Sum32(), CompressedSize64: uint64(n), UncompressedSize64: uint64(n)}
	h.SetMode(0o644)
	e, err := z.CreateRaw(h)
	if err != nil {
		return err
	}
	if m, err := io.Copy(e, f); err != nil || m != n {
		return fmt.Errorf("%s changed while it was archived (%d of %d bytes): %v", path, m, n, err)
	}
	return nil
}
