package conf

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pavlo-v-chernykh/keystore-go/v4"
)

// ClientTLS trusts exactly what ssl-client.xml's truststore holds: a JKS
// store written as Hadoop's keytool would, or PEM certificates.
func TestClientTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	dir := t.TempDir()
	jks := filepath.Join(dir, "trust.jks")
	ks := keystore.New()
	ks.SetTrustedCertificateEntry("server", keystore.TrustedCertificateEntry{
		CreationTime: time.Now(),
		Certificate:  keystore.Certificate{Type: "X509", Content: srv.Certificate().Raw},
	})
	f, _ := os.Create(jks)
	if err := ks.Store(f, []byte("trustpw")); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sslClient := func(loc, typ, pw string) {
		os.WriteFile(filepath.Join(dir, "ssl-client.xml"), []byte(`<configuration>
<property><name>ssl.client.truststore.location</name><value>`+loc+`</value></property>
<property><name>ssl.client.truststore.type</name><value>`+typ+`</value></property>
<property><name>ssl.client.truststore.password</name><value>`+pw+`</value></property>
</configuration>`), 0o644)
	}
	get := func(cfg *tls.Config) error {
		c := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 5 * time.Second}
		resp, err := c.Get(srv.URL)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	sslClient(jks, "jks", "trustpw")
	cfg, err := ClientTLS(dir, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if err := get(cfg); err != nil {
		t.Errorf("the truststore's certificate is not trusted: %v", err)
	}
	sslClient(jks, "jks", "wrong")
	if _, err := ClientTLS(dir, map[string]string{}); err == nil {
		t.Error("a wrong truststore password was accepted")
	}
	sslClient(filepath.Join(dir, "missing.jks"), "jks", "x")
	if _, err := ClientTLS(dir, map[string]string{}); err == nil || !strings.Contains(err.Error(), "missing.jks") {
		t.Errorf("a missing truststore: %v", err)
	}
	sslClient(jks, "pkcs11", "x")
	if _, err := ClientTLS(dir, map[string]string{}); err == nil {
		t.Error("an unknown truststore type was accepted")
	}
	// No truststore: the system's roots, which do not hold the test CA.
	os.WriteFile(filepath.Join(dir, "ssl-client.xml"), []byte(`<configuration></configuration>`), 0o644)
	cfg, err = ClientTLS(dir, map[string]string{})
	if err != nil || get(cfg) == nil {
		t.Errorf("without a truststore the test server was trusted: %v", err)
	}
}
