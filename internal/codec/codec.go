// Package codec is the data converter every howdah client and worker uses:
// Temporal's default JSON, with payloads over LargePayload bytes (a large
// plan, mostly) compressed with zlib. Small payloads stay plain JSON, so the
// Web UI shows inputs and results as they are; a 10,000-node plan (about
// 6 MB of JSON) shrinks to a few hundred KB, under gRPC's 4 MB message
// limit that a workflow task, a continue-as-new or a poll response must fit.
//
// With a keyring (HOWDAH_CODEC_KEY_FILE or HOWDAH_CODEC_KEY) every payload
// is then encrypted with AES-256-GCM, and failure messages move into an
// encrypted payload too: Temporal's history and UI hold none of a run's
// parameters, outputs or errors in clear. `howdah codec-server` decrypts
// them for the Web UI.
package codec

import (
	"sync"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
)

// LargePayload is the size above which payloads are compressed.
const LargePayload = 256 << 10

var fromEnv struct {
	once sync.Once
	keys *Keyring
	err  error
}

// EnvKeyring is KeyringFromEnv, read once per process.
func EnvKeyring() (*Keyring, error) {
	fromEnv.once.Do(func() { fromEnv.keys, fromEnv.err = KeyringFromEnv() })
	return fromEnv.keys, fromEnv.err
}

// DataConverter returns the converter to set in client.Options, encrypting
// with the environment's keyring if there is one. Commands check
// EnvKeyring first, so a bad keyring is reported before this is used.
func DataConverter() converter.DataConverter {
	k, _ := EnvKeyring()
	return New(k)
}

// New is the converter for keyring k (nil: payloads stay clear, and
// encrypted ones fail to decode with a message saying why).
func New(k *Keyring) converter.DataConverter {
	return converter.NewCodecDataConverter(converter.GetDefaultDataConverter(), Codecs(k)...)
}

// Codecs are New's payload codecs, outermost first: encryption, then
// compression of large payloads (compressing first: ciphertext does not
// compress).
func Codecs(k *Keyring) []converter.PayloadCodec {
	return []converter.PayloadCodec{encryption{keys: k}, largeOnly{zlib: converter.NewZlibCodec(converter.ZlibCodecOptions{})}}
}

// Configure sets opts' data and failure converters for keyring k. With a
// key, failure messages and stack traces are encoded too (Temporal keeps
// them in clear otherwise).
func Configure(opts *client.Options, k *Keyring) {
	opts.DataConverter = New(k)
	opts.FailureConverter = temporal.NewDefaultFailureConverter(temporal.DefaultFailureConverterOptions{
		DataConverter:          opts.DataConverter,
		EncodeCommonAttributes: k != nil,
	})
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
