package devserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uioptions "github.com/temporalio/ui-server/v2/server/server_options"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

// Options configure an embedded server. Zero ports are chosen free.
type Options struct {
	IP           string // default 127.0.0.1
	FrontendPort int
	// UIPort 0 picks a free port; negative disables the UI.
	UIPort     int
	Namespace  string // default "default"
	DBFile     string // empty: in memory
	LogFile    string // empty: server logs are discarded
	LogLevel   string // default "warn"
	ClusterID  string // a UUID; default a fixed one per DB file
	SearchAttr map[string]enumspb.IndexedValueType
	// CodecEndpoint, when set, is the remote codec the Web UI calls to
	// decode encrypted payloads (`howdah codec-server`'s URL).
	CodecEndpoint string
	// DynamicConfig overrides server settings by key.
	DynamicConfig map[string]any
}

// Server is a running embedded server.
type Server struct {
	server      temporal.Server
	ui          *uiserver.Server
	FrontendURL string // host:port for clients
	UIURL       string // http://host:port, empty without UI
	Namespace   string
	logCloser   io.Closer
}

// ErrPortInUse is returned when a requested port is taken.
var ErrPortInUse = errors.New("port already in use")

// Start starts the server and, unless disabled, the UI; it returns once the
// frontend accepts connections.
//
// The server binds its internal ports (HTTP API, membership, the other
// services) itself, by number, after this process chose them free and let
// them go: another process may take one in between (tests running in
// parallel do). Such a start is tried again, with new ports, up to three
// times; a port the caller asked for that is taken is ErrPortInUse at once.
func Start(o Options) (*Server, error) {
	for attempt := 1; ; attempt++ {
		s, err := start(o)
		if err != nil && attempt < 3 && !errors.Is(err, ErrPortInUse) && strings.Contains(err.Error(), "address already in use") {
			continue
		}
		return s, err
	}
}

func start(o Options) (*Server, error) {
	if o.IP == "" {
		o.IP = "127.0.0.1"
	}
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	if o.LogLevel == "" {
		o.LogLevel = "warn"
	}
	if o.ClusterID == "" {
		// Stable per database: a persisted cluster must keep its id.
		o.ClusterID = "4a0a0e1c-0b7e-4d1e-9c57-6f1c6b1d6e01"
	}
	var err error
	if o.FrontendPort, err = port(o.IP, o.FrontendPort, "frontend"); err != nil {
		return nil, err
	}
	// The UI's port is bound now and held until the UI serves it.
	var uiListener net.Listener
	if o.UIPort >= 0 {
		if uiListener, err = listen(o.IP, o.UIPort, "web UI"); err != nil {
			return nil, err
		}
		o.UIPort = uiListener.Addr().(*net.TCPAddr).Port
		defer func() {
			if uiListener != nil {
				uiListener.Close()
			}
		}()
	}
	sqlConf, err := o.sqlConfig()
	if err != nil {
		return nil, err
	}
	conf, hosts, err := o.serverConfig(sqlConf)
	if err != nil {
		return nil, err
	}
	logger, closer, err := o.logger()
	if err != nil {
		return nil, err
	}
	dc := dynamicconfig.StaticClient{
		// One partition: a dev server has one worker; partitions only add
		// latency to matching.
		dynamicconfig.MatchingNumTaskqueueReadPartitions.Key():  1,
		dynamicconfig.MatchingNumTaskqueueWritePartitions.Key(): 1,
		// Large plans are one workflow input.
		dynamicconfig.BlobSizeLimitError.Key():                           128 << 20,
		dynamicconfig.BlobSizeLimitWarn.Key():                            32 << 20,
		dynamicconfig.FrontendMaxNamespaceVisibilityRPSPerInstance.Key(): 100,
		// Hand an activity scheduled on the worker's own queue straight
		// back in the workflow task's response: one round trip through
		// matching less per action.
		dynamicconfig.EnableActivityEagerExecution.Key(): true,
		// The history service's task queues poll the database at most 20
		// times a second by default: a workflow task then waits up to 50 ms
		// for the next poll, which was most of a sequential action's
		// latency here. A single-host dev server can poll far more often.
		dynamicconfig.TransferProcessorMaxPollRPS.Key():       1000,
		dynamicconfig.TransferProcessorMaxPollHostRPS.Key():   1000,
		dynamicconfig.TimerProcessorMaxPollRPS.Key():          1000,
		dynamicconfig.TimerProcessorMaxPollHostRPS.Key():      1000,
		dynamicconfig.VisibilityProcessorMaxPollRPS.Key():     1000,
		dynamicconfig.VisibilityProcessorMaxPollHostRPS.Key(): 1000,
	}
	for k, v := range o.DynamicConfig {
		dc[dynamicconfig.MakeKey(k)] = v
	}
	srv, err := temporal.NewServer(
		temporal.WithConfig(conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(logger),
		temporal.WithDynamicConfigClient(dc),
	)
	if err != nil {
		closer.Close()
		return nil, fmt.Errorf("embedded Temporal server: %w", err)
	}
	if err := srv.Start(); err != nil {
		closer.Close()
		return nil, fmt.Errorf("start embedded Temporal server: %w", err)
	}
	s := &Server{server: srv, FrontendURL: net.JoinHostPort(o.IP, strconv.Itoa(o.FrontendPort)), Namespace: o.Namespace, logCloser: closer}
	if o.UIPort > 0 {
		s.ui = uiserver.NewServer(uioptions.WithConfigProvider(&uiconfig.Config{
			Host:                o.IP,
			Port:                o.UIPort,
			TemporalGRPCAddress: s.FrontendURL,
			EnableUI:            true,
			DefaultNamespace:    o.Namespace,
			DisableNewsFetch:    true,
			HideLogs:            true,
			CORS:                uiconfig.CORS{CookieInsecure: true},
			Codec:               uiconfig.Codec{Endpoint: o.CodecEndpoint},
		}))
		if err := serveUI(s.ui, uiListener); err != nil {
			s.Stop()
			return nil, fmt.Errorf("web UI: %w", err)
		}
		uiListener = nil // the UI owns it now
		s.UIURL = fmt.Sprintf("http://%s", net.JoinHostPort(o.IP, strconv.Itoa(o.UIPort)))
	}
	if err := waitListening(s.FrontendURL, 30*time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	if o.DBFile != "" && len(o.SearchAttr) > 0 {
		// A database made by an earlier howdah has the namespace, so the
		// schema step above added nothing: register what it lacks.
		if err := s.addSearchAttributes(o.SearchAttr); err != nil {
			s.Stop()
			return nil, err
		}
	}
	return s, nil
}

// addSearchAttributes registers the attributes the namespace lacks.
func (s *Server) addSearchAttributes(want map[string]enumspb.IndexedValueType) error {
	c, err := client.Dial(client.Options{HostPort: s.FrontendURL, Namespace: s.Namespace, Logger: sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))})
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	have, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: s.Namespace})
	if err != nil {
		return fmt.Errorf("list search attributes: %w", err)
	}
	missing := map[string]enumspb.IndexedValueType{}
	for name, t := range want {
		if _, ok := have.GetCustomAttributes()[name]; !ok {
			missing[name] = t
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if _, err := c.OperatorService().AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{Namespace: s.Namespace, SearchAttributes: missing}); err != nil {
		return fmt.Errorf("register search attributes: %w", err)
	}
	return nil
}

// Stop stops the UI and the server.
func (s *Server) Stop() {
	if s.ui != nil {
		s.ui.Stop()
	}
	s.server.Stop()
	if s.logCloser != nil {
		s.logCloser.Close()
	}
}

// port returns want if it is free, or a free port when want is 0. The
// Temporal server binds it itself, by number.
func port(ip string, want int, what string) (int, error) {
	l, err := listen(ip, want, what)
	if err != nil {
		return 0, err
	}
	p := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return p, nil
}

// listen binds ip:want (a free port when want is 0).
func listen(ip string, want int, what string) (net.Listener, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(want)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("%s port %s:%d: %w (another `howdah dev` or Temporal server? pick another port)", what, ip, want, ErrPortInUse)
		}
		return nil, fmt.Errorf("%s port: %w", what, err)
	}
	return l, nil
}

func waitListening(addr string, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("embedded Temporal frontend not listening on %s after %s", addr, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (o *Options) logger() (log.Logger, io.Closer, error) {
	if o.LogFile == "" {
		return log.NewNoopLogger(), io.NopCloser(nil), nil
	}
	if err := os.MkdirAll(filepath.Dir(o.LogFile), 0o700); err != nil {
		return nil, nil, err
	}
	// Owner-only, like the database: the server's log names workflows.
	if f, err := os.OpenFile(o.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
		f.Close()
		os.Chmod(o.LogFile, 0o600)
	}
	zl := log.BuildZapLogger(log.Config{Level: o.LogLevel, OutputFile: o.LogFile, Format: "json"})
	return log.NewZapLogger(zl), closerFunc(func() error { return zl.Sync() }), nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

func (o *Options) sqlConfig() (*config.SQL, error) {
	conf := &config.SQL{PluginName: sqliteplugin.PluginName}
	if o.DBFile == "" {
		conf.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
		conf.DatabaseName = "howdah-" + strconv.FormatUint(rand.Uint64(), 36)
	} else {
		// WAL lets readers run beside the writer, so several connections
		// are safe; synchronous=1 (NORMAL) is durable across a process crash.
		conf.ConnectAttributes = map[string]string{"mode": "rwc", "journal_mode": "wal", "synchronous": "1", "busy_timeout": "10000"}
		conf.MaxConns = 4
		conf.MaxIdleConns = 4
		conf.DatabaseName = o.DBFile
		if _, err := os.Stat(o.DBFile); errors.Is(err, os.ErrNotExist) {
			if err := os.MkdirAll(filepath.Dir(o.DBFile), 0o700); err != nil {
				return nil, err
			}
			// Created here, owner-only, before SQLite opens it: the database
			// holds every run's parameters, outputs and errors. SQLite gives
			// its -wal and -shm files the database's mode.
			f, err := os.OpenFile(o.DBFile, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
			if err != nil {
				return nil, err
			}
			f.Close()
			if err := sqliteschema.SetupSchema(conf); err != nil {
				return nil, fmt.Errorf("create Temporal schema in %s: %w", o.DBFile, err)
			}
		}
		// Databases made by earlier versions were world-readable.
		for _, f := range []string{o.DBFile, o.DBFile + "-wal", o.DBFile + "-shm"} {
			if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, err
			}
		}
	}
	ns, err := sqliteschema.NewNamespaceConfig(clusterName, o.Namespace, false, o.SearchAttr)
	if err != nil {
		return nil, err
	}
	if err := sqliteschema.CreateNamespaces(conf, ns); err != nil {
		return nil, fmt.Errorf("create namespace %s: %w", o.Namespace, err)
	}
	return conf, nil
}

const clusterName = "howdah"

func (o *Options) serverConfig(sqlConf *config.SQL) (*config.Config, map[primitives.ServiceName]static.Hosts, error) {
	conf := &config.Config{}
	conf.Global.Membership.MaxJoinDuration = 30 * time.Second
	conf.Global.Membership.BroadcastAddress = o.IP
	conf.Persistence.DefaultStore = "sqlite"
	conf.Persistence.VisibilityStore = "sqlite"
	conf.Persistence.NumHistoryShards = 1
	conf.Persistence.DataStores = map[string]config.DataStore{"sqlite": {SQL: sqlConf}}
	httpPort, err := port(o.IP, 0, "frontend HTTP")
	if err != nil {
		return nil, nil, err
	}
	frontend := net.JoinHostPort(o.IP, strconv.Itoa(o.FrontendPort))
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             frontend,
				HTTPAddress:            net.JoinHostPort(o.IP, strconv.Itoa(httpPort)),
				ClusterID:              o.ClusterID,
			},
		},
	}
	conf.DCRedirectionPolicy.Policy = "noop"
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = frontend
	conf.Services = map[string]config.Service{}
	hosts := map[primitives.ServiceName]static.Hosts{}
	for _, svc := range []primitives.ServiceName{primitives.FrontendService, primitives.HistoryService, primitives.MatchingService, primitives.WorkerService} {
		var s config.Service
		s.RPC.BindOnIP = o.IP
		if svc == primitives.FrontendService {
			s.RPC.GRPCPort = o.FrontendPort
			s.RPC.HTTPPort = httpPort
		} else if s.RPC.GRPCPort, err = port(o.IP, 0, string(svc)); err != nil {
			return nil, nil, err
		}
		conf.Services[string(svc)] = s
		hosts[svc] = static.SingleLocalHost(net.JoinHostPort(o.IP, strconv.Itoa(s.RPC.GRPCPort)))
	}
	return conf, hosts, nil
}
