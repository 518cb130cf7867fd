package conf

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
)

// HTTPSOnly says whether the cluster's YARN web servers (REST APIs
// included) serve HTTPS only (yarn.http.policy, and the JobHistory's
// mapreduce.jobhistory.http.policy, default the same).
func HTTPSOnly(props map[string]string, key string) bool {
	return strings.EqualFold(props[key], "HTTPS_ONLY")
}

// ClientTLS is the TLS configuration a Hadoop client uses for the
// cluster's HTTPS servers: the truststore ssl-client.xml names
// (hadoop.ssl.client.conf, in dir), a JKS store (ssl.client.truststore.type
// jks, the default) or PEM certificates (type pem). Without a truststore
// the system's roots are trusted.
func ClientTLS(dir string, props map[string]string) (*tls.Config, error) {
	name := props["hadoop.ssl.client.conf"]
	if name == "" {
		name = "ssl-client.xml"
	}
	file := name
	if !filepath.IsAbs(file) {
		file = filepath.Join(dir, name)
	}
	ssl, err := ReadFile(file)
	if err != nil {
		return nil, err
	}
	sp := map[string]string{}
	for _, p := range ssl {
		sp[p.Name] = p.Value
	}
	loc := sp["ssl.client.truststore.location"]
	if loc == "" {
		return &tls.Config{MinVersion: tls.VersionTLS12}, nil
	}
	pool := x509.NewCertPool()
	switch typ := strings.ToLower(sp["ssl.client.truststore.type"]); typ {
	case "", "jks":
		f, err := os.Open(loc)
		if err != nil {
			return nil, fmt.Errorf("%s: truststore: %w", file, err)
		}
		defer f.Close()
		ks := keystore.New()
		if err := ks.Load(f, []byte(sp["ssl.client.truststore.password"])); err != nil {
			return nil, fmt.Errorf("%s: truststore %s: %w", file, loc, err)
		}
		for _, alias := range ks.Aliases() {
			if !ks.IsTrustedCertificateEntry(alias) {
				continue
			}
			e, err := ks.GetTrustedCertificateEntry(alias)
			if err != nil {
				return nil, fmt.Errorf("%s: truststore %s: %s: %w", file, loc, alias, err)
			}
			cert, err := x509.ParseCertificate(e.Certificate.Content)
			if err != nil {
				return nil, fmt.Errorf("%s: truststore %s: %s: %w", file, loc, alias, err)
			}
			pool.AddCert(cert)
		}
	case "pem":
		b, err := os.ReadFile(loc)
		if err != nil {
			return nil, fmt.Errorf("%s: truststore: %w", file, err)
		}
		for rest := b; ; {
			var block *pem.Block
			if block, rest = pem.Decode(rest); block == nil {
				break
			}
			if cert, err := x509.ParseCertificate(block.Bytes); err == nil {
				pool.AddCert(cert)
			}
		}
	default:
		return nil, fmt.Errorf("%s: ssl.client.truststore.type %q: howdah reads jks and pem truststores", file, typ)
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}
