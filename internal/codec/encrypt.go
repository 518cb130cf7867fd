package codec

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	"google.golang.org/protobuf/proto"
)

// Environment variables that hold the keyring: the keys themselves
// (HOWDAH_CODEC_KEY) or a file of them (HOWDAH_CODEC_KEY_FILE).
const (
	EnvKey     = "HOWDAH_CODEC_KEY"
	EnvKeyFile = "HOWDAH_CODEC_KEY_FILE"
)

// Metadata of an encrypted payload. The key id travels with the payload so
// keys can rotate: a new current key encrypts, old ones still decrypt.
const (
	EncodingEncrypted = "binary/encrypted"
	MetaKeyID         = "encryption-key-id"
	MetaCipher        = "encryption-cipher"
	cipherName        = "AES-256-GCM"
)

// Keyring holds the keys payloads are encrypted with: the first one
// encrypts, all of them decrypt.
type Keyring struct {
	current string
	aeads   map[string]cipher.AEAD
	// Source says where the keys came from, for error messages (never the
	// keys).
	Source string
}

var keyID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// ParseKeyring reads keys written as ID:BASE64 (32 bytes, standard base64),
// one per line or separated by commas; blank lines and lines starting with
// '#' are skipped. The first key is the current one.
func ParseKeyring(text, source string) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}, Source: source}
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ',' }) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, b64, ok := strings.Cut(line, ":")
		if !ok || !keyID.MatchString(id) {
			return nil, fmt.Errorf("%s: an entry is not ID:BASE64 with an id of letters, digits, '.', '_' or '-' (new keys: howdah codec-key)", source)
		}
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
		if err != nil || len(raw) != 32 {
			return nil, fmt.Errorf("%s: key %s is not 32 bytes of standard base64 (new keys: howdah codec-key)", source, printable(id))
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fmt.Errorf("%s: key id %s appears twice", source, printable(id))
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		k.aeads[id] = aead
		if k.current == "" {
			k.current = id
		}
	}
	if k.current == "" {
		return nil, fmt.Errorf("%s holds no key", source)
	}
	return k, nil
}

// KeyringFromEnv loads the keyring named by the environment: nil, nil
// when neither variable is set (payloads then stay clear). A key file must
// not be readable by others than its owner.
func KeyringFromEnv() (*Keyring, error) {
	if v := os.Getenv(EnvKey); v != "" {
		if os.Getenv(EnvKeyFile) != "" {
			return nil, fmt.Errorf("both %s and %s are set: use one", EnvKey, EnvKeyFile)
		}
		return ParseKeyring(v, EnvKey)
	}
	path := os.Getenv(EnvKeyFile)
	if path == "" {
		return nil, nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvKeyFile, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %s is not a file (a file of ID:BASE64 lines; new keys: howdah codec-key)", EnvKeyFile, path)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s: %s is readable by others (mode %v): chmod 600 it", EnvKeyFile, path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvKeyFile, err)
	}
	return ParseKeyring(string(b), path)
}

// NewKey returns a new random key line, ID:BASE64.
func NewKey(id string) (string, error) {
	if !keyID.MatchString(id) {
		return "", fmt.Errorf("key id %q: use letters, digits, '.', '_' or '-' (at most 64)", id)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return id + ":" + base64.StdEncoding.EncodeToString(raw), nil
}

// CurrentKey is the id of the key that encrypts.
func (k *Keyring) CurrentKey() string { return k.current }

// ErrEncrypted is returned for an encrypted payload that cannot be
// decrypted: no keyring, or not its key.
var ErrEncrypted = errors.New("payload is encrypted")

// encryption is the PayloadCodec that encrypts whole payloads (metadata
// included) with the current key, and decrypts with whichever key a
// payload names. Payloads that are not encrypted decode as they are, so
// runs from before encryption was turned on stay readable. With a nil
// keyring it only explains encrypted payloads it cannot read.
type encryption struct{ keys *Keyring }

func (e encryption) Encode(ps []*commonpb.Payload) ([]*commonpb.Payload, error) {
	if e.keys == nil {
		return ps, nil
	}
	aead := e.keys.aeads[e.keys.current]
	out := make([]*commonpb.Payload, len(ps))
	for i, p := range ps {
		plain, err := proto.Marshal(p)
		if err != nil {
			return ps, err
		}
		nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
		if _, err := rand.Read(nonce); err != nil {
			return ps, err
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				"encoding": []byte(EncodingEncrypted),
				MetaKeyID:  []byte(e.keys.current),
				MetaCipher: []byte(cipherName),
			},
			Data: aead.Seal(nonce, nonce, plain, additional(e.keys.current)),
		}
	}
	return out, nil
}

func (e encryption) Decode(ps []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(ps))
	for i, p := range ps {
		if string(p.GetMetadata()["encoding"]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		id := string(p.GetMetadata()[MetaKeyID])
		if e.keys == nil {
			return ps, fmt.Errorf("%w with key %s and no keyring is set: set %s or %s", ErrEncrypted, printable(id), EnvKeyFile, EnvKey)
		}
		aead, ok := e.keys.aeads[id]
		if !ok {
			return ps, fmt.Errorf("%w with key %s, which %s does not hold (keep retired keys after the current one)", ErrEncrypted, printable(id), e.keys.Source)
		}
		data := p.GetData()
		if len(data) < aead.NonceSize() {
			return ps, fmt.Errorf("%w with key %s but truncated", ErrEncrypted, printable(id))
		}
		plain, err := aead.Open(nil, data[:aead.NonceSize()], data[aead.NonceSize():], additional(id))
		if err != nil {
			return ps, fmt.Errorf("%w with key %s and does not decrypt with it (altered, or another key under that id)", ErrEncrypted, printable(id))
		}
		var orig commonpb.Payload
		if err := proto.Unmarshal(plain, &orig); err != nil {
			return ps, fmt.Errorf("decrypted payload does not decode: %w", err)
		}
		out[i] = &orig
	}
	return out, nil
}

// additional binds a ciphertext to its key id.
func additional(id string) []byte { return []byte("howdah-payload:" + id) }

// printable is a key id as read from a payload (anyone's bytes), quoted
// and bounded for a message.
func printable(id string) string {
	if len(id) > 64 {
		id = id[:64] + "..."
	}
	return strconv.Quote(id)
}
