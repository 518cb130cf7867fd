package codec

import (
	"strings"
	"testing"
)

func TestLargePayloadsAreCompressedSmallOnesNot(t *testing.T) {
	dc := DataConverter()
	small, err := dc.ToPayload(map[string]string{"a": "b"})
	if err != nil {
		t.Fatal(err)
	}
	if string(small.GetMetadata()["encoding"]) != "json/plain" {
		t.Errorf("small payload encoded as %s", small.GetMetadata()["encoding"])
	}
	big := strings.Repeat(`{"name":"node","kind":"action"},`, 20000)
	p, err := dc.ToPayload(big)
	if err != nil {
		t.Fatal(err)
	}
	if string(p.GetMetadata()["encoding"]) != "binary/zlib" || len(p.GetData()) > len(big)/10 {
		t.Errorf("large payload: encoding %s, %d bytes for %d", p.GetMetadata()["encoding"], len(p.GetData()), len(big))
	}
	var back string
	if err := dc.FromPayload(p, &back); err != nil || back != big {
		t.Errorf("round trip failed: %v", err)
	}
}
