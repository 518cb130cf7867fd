// Package codec is the data converter every howdah client and worker uses:
// Temporal's default JSON, with payloads over LargePayload bytes (a large
// plan, mostly) compressed with zlib. Small payloads stay plain JSON, so the
// Web UI shows inputs and results as they are; a 10,000-node plan (about
// 6 MB of JSON) shrinks to a few hundred KB, under gRPC's 4 MB message
// limit that a workflow task, a continue-as-new or a poll response must fit.
package codec

import (
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

// LargePayload is the size above which payloads are compressed.
const LargePayload = 256 << 10

// DataConverter returns the converter to set in client.Options.
func DataConverter() converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), largeOnly{zlib: converter.NewZlibCodec(converter.ZlibCodecOptions{})})
}

// largeOnly compresses only large payloads; decoding undoes whatever zlib
// encoded, whoever did.
type largeOnly struct{ zlib converter.PayloadCodec }

func (c largeOnly) Encode(ps []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(ps))
	for i, p := range ps {
		if len(p.GetData()) <= LargePayload {
			out[i] = p
			continue
		}
		enc, err := c.zlib.Encode([]*commonpb.Payload{p})
		if err != nil {
			return ps, err
		}
		out[i] = enc[0]
	}
	return out, nil
}

func (c largeOnly) Decode(ps []*commonpb.Payload) ([]*commonpb.Payload, error) {
	return c.zlib.Decode(ps)
}
