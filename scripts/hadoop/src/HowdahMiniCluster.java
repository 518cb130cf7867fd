// HowdahMiniCluster runs howdah's test Hadoop on loopback: an HDFS namenode
// and datanode in this JVM (MiniDFSCluster, so the namenode can be restarted
// on command), and the real YARN ResourceManager, NodeManager and MapReduce
// JobHistory server daemons, each in a JVM of its own started from the same
// jars. (One JVM cannot serve all three: their web apps share Guice's static
// filter pipeline, and the last one started answers every REST call.)
//
// Started by scripts/hadoop-minicluster, never by hand. It writes the
// cluster's configuration (core-, hdfs-, yarn- and mapred-site.xml) to
// STATE/conf, which is also the HADOOP_CONF_DIR for clients; when every
// daemon serves it writes STATE/ready.json describing the endpoints and
// prints "READY <path of ready.json>". With --control-stdin it reads
// commands, one a line, and answers each with "OK <command>" or
// "ERR <command>: <why>":
//   restart-namenode [seconds-down]   stop the namenode, wait, start it again
//   failover                          (secure, HA) swap the active and standby namenodes
//   stop                              shut everything down and exit
// and it shuts down when standard input closes, so a test that dies takes its
// cluster with it. Without --control-stdin it runs until killed (SIGTERM and
// Ctrl-C stop it cleanly through the shutdown hook).
//
// With --secure the cluster is kerberized, as production clusters are: a
// KDC (Hadoop's MiniKdc) on loopback, principals and keytabs for the daemons
// (hdfs/, yarn/, mapred/ and HTTP/localhost, in STATE/keytabs/service.keytab)
// and for test users (howdah, alice: STATE/keytabs/USER.keytab), Kerberos
// RPC, SASL data transfer (dfs.data.transfer.protection=authentication) with
// HTTPS-only web UIs, SPNEGO on the ResourceManager and JobHistory REST
// APIs, two namenodes in an HA nameservice (howdah-ns), and howdah
// allowed to impersonate any user (proxy users).
// ready.json then also names the realm, STATE/krb5.conf and the keytabs.
import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;

public class HowdahMiniCluster {
  private static MiniDFSCluster dfs;
  private static MiniKdc kdc;
  // The secure cluster's two namenodes' RPC ports (HA), or null.
  private static int[] haPorts;
  static final String NAMESERVICE = "howdah-ns";
  private static final List<Process> daemons = new ArrayList<>();

  public static void main(String[] args) {
    try {
      serve(args);
    } catch (Throwable t) {
      // Started daemons keep the JVM alive: a failed start must exit.
      t.printStackTrace();
      System.exit(1);
    }
  }

  static void serve(String[] args) throws Exception {
    File state = null;
    boolean control = false;
    boolean secure = false;
    List<String[]> extra = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--state": state = new File(args[++i]).getAbsoluteFile(); break;
        case "--control-stdin": control = true; break;
        case "--secure": secure = true; break;
        case "-D": {
          String kv = args[++i];
          int eq = kv.indexOf('=');
          extra.add(new String[] {kv.substring(0, eq), kv.substring(eq + 1)});
          break;
        }
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (state == null) throw new IllegalArgumentException("--state DIR is required");
    File data = new File(state, "data");
    File confDir = new File(state, "conf");
    File logs = new File(state, "logs");
    confDir.mkdirs();
    logs.mkdirs();
    String classpath = System.getProperty("java.class.path");
    String host = "localhost";
    int nnPort = freePort();

    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", "hdfs://" + host + ":" + nnPort);
    core.set("hadoop.tmp.dir", new File(data, "tmp").getPath());

    Configuration hdfs = new Configuration(false);
    hdfs.set("dfs.replication", "1");
    hdfs.set("dfs.permissions.enabled", "true");

    String rmWeb = host + ":" + freePort();
    String webScheme = "http";
    Configuration yarn = new Configuration(false);
    yarn.set("yarn.resourcemanager.hostname", host);
    yarn.set("yarn.resourcemanager.address", host + ":" + freePort());
    yarn.set("yarn.resourcemanager.scheduler.address", host + ":" + freePort());
    yarn.set("yarn.resourcemanager.resource-tracker.address", host + ":" + freePort());
    yarn.set("yarn.resourcemanager.admin.address", host + ":" + freePort());
    yarn.set("yarn.resourcemanager.webapp.address", rmWeb);
    yarn.set("yarn.resourcemanager.scheduler.class",
        "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    yarn.set("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", "250");
    yarn.set("yarn.nodemanager.hostname", host);
    yarn.set("yarn.nodemanager.address", host + ":" + freePort());
    yarn.set("yarn.nodemanager.localizer.address", host + ":" + freePort());
    yarn.set("yarn.nodemanager.webapp.address", host + ":" + freePort());
    yarn.set("yarn.nodemanager.local-dirs", new File(data, "nm-local").getPath());
    yarn.set("yarn.nodemanager.log-dirs", new File(logs, "containers").getPath());
    yarn.set("yarn.nodemanager.aux-services", "mapreduce_shuffle");
    yarn.set("yarn.nodemanager.aux-services.mapreduce_shuffle.class", "org.apache.hadoop.mapred.ShuffleHandler");
    yarn.set("yarn.nodemanager.resource.memory-mb", "6144");
    yarn.set("yarn.nodemanager.resource.cpu-vcores", "8");
    yarn.set("yarn.nodemanager.vmem-check-enabled", "false");
    yarn.set("yarn.nodemanager.pmem-check-enabled", "false");
    yarn.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99.9");
    yarn.set("yarn.nodemanager.env-whitelist",
        "JAVA_HOME,HADOOP_COMMON_HOME,HADOOP_HDFS_HOME,HADOOP_CONF_DIR,CLASSPATH_PREPEND_DISTCACHE,HADOOP_YARN_HOME,HADOOP_MAPRED_HOME,PATH,LANG,TZ");
    yarn.set("yarn.scheduler.minimum-allocation-mb", "128");
    yarn.set("yarn.log-aggregation-enable", "false");
    yarn.set("yarn.application.classpath", confDir.getPath() + "," + classpath.replace(':', ','));

    String jhsWeb = host + ":" + freePort();
    String jvm = String.join(" ", javaOpens());
    Configuration mapred = new Configuration(false);
    mapred.set("mapreduce.framework.name", "yarn");
    mapred.set("mapreduce.jobhistory.address", host + ":" + freePort());
    mapred.set("mapreduce.jobhistory.webapp.address", jhsWeb);
    mapred.set("mapreduce.jobhistory.admin.address", host + ":" + freePort());
    // Finished jobs reach the JobHistory server within a second.
    mapred.set("mapreduce.jobhistory.move.interval-ms", "1000");
    mapred.set("mapreduce.shuffle.port", Integer.toString(freePort()));
    mapred.set("yarn.app.mapreduce.am.staging-dir", "/tmp/hadoop-yarn/staging");
    // Containers run on this host from the same jars as the daemons.
    mapred.set("mapreduce.application.classpath", confDir.getPath() + "," + classpath.replace(':', ','));
    mapred.set("yarn.app.mapreduce.am.admin-command-opts", jvm);
    mapred.set("mapreduce.admin.map.child.java.opts", jvm);
    mapred.set("mapreduce.admin.reduce.child.java.opts", jvm);
    // Small containers: the whole cluster shares a laptop or a CI runner.
    mapred.set("yarn.app.mapreduce.am.resource.mb", "512");
    mapred.set("yarn.app.mapreduce.am.command-opts", "-Xmx384m");
    mapred.set("mapreduce.map.memory.mb", "512");
    mapred.set("mapreduce.reduce.memory.mb", "512");
    mapred.set("mapreduce.map.java.opts", "-Xmx384m");
    mapred.set("mapreduce.reduce.java.opts", "-Xmx384m");

    String secureJson = "";
    String jvmSecure = "";
    if (secure) {
      File kdcDir = new File(data, "kdc");
      kdcDir.mkdirs();
      java.util.Properties kconf = MiniKdc.createConf();
      kconf.setProperty(MiniKdc.KDC_BIND_ADDRESS, "localhost");
      kdc = new MiniKdc(kconf, kdcDir);
      kdc.start();
      String realm = kdc.getRealm();
      File krb5 = new File(state, "krb5.conf");
      Files.copy(kdc.getKrb5conf().toPath(), krb5.toPath(), StandardCopyOption.REPLACE_EXISTING);
      System.setProperty("java.security.krb5.conf", krb5.getPath());
      jvmSecure = "-Djava.security.krb5.conf=" + krb5.getPath();
      File keytabs = new File(state, "keytabs");
      keytabs.mkdirs();
      File service = new File(keytabs, "service.keytab");
      service.delete();
      kdc.createPrincipal(service, "hdfs/" + host, "yarn/" + host, "mapred/" + host, "HTTP/" + host);
      for (String u : new String[] {"howdah", "alice"}) {
        File kt = new File(keytabs, u + ".keytab");
        kt.delete();
        kdc.createPrincipal(kt, u);
      }
      // A keytab whose key the KDC no longer has: the principal's key was
      // changed after it was written.
      File stale = new File(keytabs, "stale.keytab");
      stale.delete();
      kdc.createPrincipal(stale, "stale");
      java.lang.reflect.Field f = MiniKdc.class.getDeclaredField("simpleKdc");
      f.setAccessible(true);
      ((org.apache.kerby.kerberos.kerb.server.SimpleKdcServer) f.get(kdc)).deletePrincipal("stale@" + kdc.getRealm());
      File fresh = new File(keytabs, "stale-current.keytab");
      fresh.delete();
      kdc.createPrincipal(fresh, "stale");
      String svc = service.getPath();
      core.set("hadoop.security.authentication", "kerberos");
      core.set("hadoop.security.authorization", "false");
      core.set("hadoop.rpc.protection", "authentication");
      // Principals of the realm map to their first component, without
      // relying on every JVM knowing the default realm.
      core.set("hadoop.security.auth_to_local",
          "RULE:[1:$1@$0](.*@" + realm + ")s/@.*//\nRULE:[2:$1@$0](.*@" + realm + ")s/@.*//\nDEFAULT");
      // A secure NodeManager's shuffle reads map outputs through Hadoop's
      // native SecureIOUtils, and libhadoop.so is not on Maven Central:
      // small jobs run whole in their ApplicationMaster (uber mode), with
      // no shuffle between JVMs.
      mapred.set("mapreduce.job.ubertask.enable", "true");
      // Task JVMs read the realm's krb5.conf too.
      for (String k : new String[] {"yarn.app.mapreduce.am.admin-command-opts", "mapreduce.admin.map.child.java.opts", "mapreduce.admin.reduce.child.java.opts"}) {
        mapred.set(k, mapred.get(k) + " " + jvmSecure);
      }
      // The daemons' users have no accounts on this host: their groups
      // come from here (the JobHistory server, as mapred, reads jobs'
      // history files through the group "hadoop").
      core.set("hadoop.user.group.static.mapping.overrides", "mapred=hadoop;yarn=hadoop;hdfs=hadoop,supergroup;howdah=howdah,hadoop;alice=alice");
      core.set("hadoop.proxyuser.howdah.hosts", "*");
      core.set("hadoop.proxyuser.howdah.groups", "*");
      core.set("hadoop.proxyuser.howdah.users", "*");
      // SPNEGO on every daemon's web server (REST APIs included).
      core.set("hadoop.http.filter.initializers", "org.apache.hadoop.security.AuthenticationFilterInitializer");
      core.set("hadoop.http.authentication.type", "kerberos");
      core.set("hadoop.http.authentication.simple.anonymous.allowed", "false");
      core.set("hadoop.http.authentication.kerberos.principal", "HTTP/" + host + "@" + realm);
      core.set("hadoop.http.authentication.kerberos.keytab", svc);
      core.set("hadoop.http.authentication.signature.secret.file", writeSecret(state));
      hdfs.set("dfs.namenode.kerberos.principal", "hdfs/" + host + "@" + realm);
      hdfs.set("dfs.namenode.keytab.file", svc);
      hdfs.set("dfs.datanode.kerberos.principal", "hdfs/" + host + "@" + realm);
      hdfs.set("dfs.datanode.keytab.file", svc);
      hdfs.set("dfs.web.authentication.kerberos.principal", "HTTP/" + host + "@" + realm);
      hdfs.set("dfs.web.authentication.kerberos.keytab", svc);
      // Two namenodes, an HA nameservice, as production clusters run:
      // clients fail over between them.
      haPorts = new int[] {freePort(), freePort()};
      core.set("fs.defaultFS", "hdfs://" + NAMESERVICE);
      hdfs.set("dfs.nameservices", NAMESERVICE);
      hdfs.set("dfs.ha.namenodes." + NAMESERVICE, "nn1,nn2");
      for (int i = 0; i < 2; i++) {
        hdfs.set("dfs.namenode.rpc-address." + NAMESERVICE + ".nn" + (i + 1), host + ":" + haPorts[i]);
      }
      hdfs.set("dfs.client.failover.proxy.provider." + NAMESERVICE, "org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider");
      hdfs.set("dfs.block.access.token.enable", "true");
      hdfs.set("dfs.data.transfer.protection", "authentication");
      hdfs.set("dfs.http.policy", "HTTPS_ONLY");
      hdfs.set("dfs.namenode.https-address", host + ":0");
      hdfs.set("dfs.datanode.https.address", host + ":0");
      // TLS for every web server: a key pair for localhost (SHA-256, with
      // subject alternative names, as TLS clients other than Java's
      // require) in ssl-server.xml's keystore, its certificate in
      // ssl-client.xml's truststore.
      writeSSL(new File(data, "ssl"), confDir);
      core.set("hadoop.ssl.server.conf", "ssl-server.xml");
      core.set("hadoop.ssl.client.conf", "ssl-client.xml");
      core.set("hadoop.ssl.require.client.cert", "false");
      hdfs.set("dfs.client.https.keystore.resource", "ssl-client.xml");
      hdfs.set("dfs.https.server.keystore.resource", "ssl-server.xml");
      // YARN's and the JobHistory's web servers (REST included) over HTTPS
      // only, as a hardened cluster runs them.
      rmWeb = host + ":" + freePort();
      jhsWeb = host + ":" + freePort();
      webScheme = "https";
      yarn.set("yarn.http.policy", "HTTPS_ONLY");
      yarn.set("yarn.resourcemanager.webapp.https.address", rmWeb);
      yarn.set("yarn.nodemanager.webapp.https.address", host + ":" + freePort());
      mapred.set("mapreduce.jobhistory.http.policy", "HTTPS_ONLY");
      mapred.set("mapreduce.jobhistory.webapp.https.address", jhsWeb);
      yarn.set("yarn.resourcemanager.principal", "yarn/" + host + "@" + realm);
      yarn.set("yarn.resourcemanager.keytab", svc);
      yarn.set("yarn.nodemanager.principal", "yarn/" + host + "@" + realm);
      yarn.set("yarn.nodemanager.keytab", svc);
      yarn.set("yarn.resourcemanager.webapp.spnego-principal", "HTTP/" + host + "@" + realm);
      yarn.set("yarn.resourcemanager.webapp.spnego-keytab-file", svc);
      yarn.set("yarn.nodemanager.webapp.spnego-principal", "HTTP/" + host + "@" + realm);
      yarn.set("yarn.nodemanager.webapp.spnego-keytab-file", svc);
      mapred.set("mapreduce.jobhistory.principal", "mapred/" + host + "@" + realm);
      mapred.set("mapreduce.jobhistory.keytab", svc);
      mapred.set("mapreduce.jobhistory.webapp.spnego-principal", "HTTP/" + host + "@" + realm);
      mapred.set("mapreduce.jobhistory.webapp.spnego-keytab-file", svc);
      secureJson = ",\n  \"realm\": \"" + realm + "\",\n"
          + "  \"krb5_conf\": \"" + krb5.getPath() + "\",\n"
          + "  \"keytabs\": \"" + keytabs.getPath() + "\",\n"
          + "  \"kdc\": \"" + host + ":" + kdc.getPort() + "\"";
    }

    for (String[] kv : extra) {
      Configuration target = core;
      if (kv[0].startsWith("dfs.")) target = hdfs;
      else if (kv[0].startsWith("mapreduce.") || kv[0].startsWith("yarn.app.mapreduce.")) target = mapred;
      else if (kv[0].startsWith("yarn.")) target = yarn;
      target.set(kv[0], kv[1]);
    }
    write(core, new File(confDir, "core-site.xml"));
    write(hdfs, new File(confDir, "hdfs-site.xml"));
    write(yarn, new File(confDir, "yarn-site.xml"));
    write(mapred, new File(confDir, "mapred-site.xml"));

    Runtime.getRuntime().addShutdownHook(new Thread(HowdahMiniCluster::shutdown));
    releasePorts();

    Configuration conf = new Configuration();
    for (Configuration c : new Configuration[] {core, hdfs}) {
      for (java.util.Map.Entry<String, String> e : c) conf.set(e.getKey(), e.getValue());
    }
    if (secure) {
      UserGroupInformation.setConfiguration(conf);
      UserGroupInformation.loginUserFromKeytab("hdfs/" + host + "@" + kdc.getRealm(), new File(state, "keytabs/service.keytab").getPath());
    }
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(data, "dfs").getPath());
    if (haPorts != null) {
      org.apache.hadoop.hdfs.MiniDFSNNTopology topo = new org.apache.hadoop.hdfs.MiniDFSNNTopology()
          .addNameservice(new org.apache.hadoop.hdfs.MiniDFSNNTopology.NSConf(NAMESERVICE)
              .addNN(new org.apache.hadoop.hdfs.MiniDFSNNTopology.NNConf("nn1").setIpcPort(haPorts[0]))
              .addNN(new org.apache.hadoop.hdfs.MiniDFSNNTopology.NNConf("nn2").setIpcPort(haPorts[1])));
      dfs = new MiniDFSCluster.Builder(conf).nnTopology(topo).numDataNodes(1).format(true).build();
      dfs.waitActive();
      dfs.transitionToActive(0);
    } else {
      dfs = new MiniDFSCluster.Builder(conf).nameNodePort(nnPort).numDataNodes(1).format(true).build();
    }
    dfs.waitActive();
    FileSystem fs = haPorts != null ? FileSystem.get(new java.net.URI("hdfs://" + NAMESERVICE), conf) : dfs.getFileSystem();
    // World-writable /tmp and /user as on a real cluster, so jobs of any
    // user can stage and write there.
    for (String p : new String[] {"/tmp", "/user"}) {
      fs.mkdirs(new Path(p));
      fs.setPermission(new Path(p), new FsPermission((short) 01777));
    }
    if (secure) {
      for (String u : new String[] {"howdah", "alice"}) {
        Path home = new Path("/user/" + u);
        fs.mkdirs(home);
        fs.setOwner(home, u, u);
      }
      // YARN's and the JobHistory's directories, theirs as on a cluster.
      for (String p : new String[] {"/tmp/hadoop-yarn", "/tmp/hadoop-yarn/staging", "/tmp/logs"}) {
        fs.mkdirs(new Path(p));
        fs.setPermission(new Path(p), new FsPermission((short) 01777));
      }
      String[][] history = {
        {"/tmp/hadoop-yarn/staging/history", "755"},
        {"/tmp/hadoop-yarn/staging/history/done_intermediate", "1777"},
        {"/tmp/hadoop-yarn/staging/history/done", "770"},
      };
      for (String[] h : history) {
        Path p = new Path(h[0]);
        fs.mkdirs(p);
        fs.setPermission(p, new FsPermission(Short.parseShort(h[1], 8)));
        fs.setOwner(p, "mapred", "hadoop");
      }
    }

    String daemonCp = confDir.getPath() + File.pathSeparator + classpath;
    String daemonJvm = (jvm + " " + jvmSecure).trim();
    daemon("resourcemanager", "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager", daemonCp, logs, daemonJvm);
    daemon("nodemanager", "org.apache.hadoop.yarn.server.nodemanager.NodeManager", daemonCp, logs, daemonJvm);
    daemon("historyserver", "org.apache.hadoop.mapreduce.v2.hs.JobHistoryServer", daemonCp, logs, daemonJvm);
    if (secure) {
      // The REST APIs want SPNEGO now: wait for the daemons' ports, then
      // for the NodeManager through the RM's RPC view of it.
      waitForSecure(webScheme + "://" + rmWeb + "/ws/v1/cluster/info");
      waitForSecure(webScheme + "://" + jhsWeb + "/ws/v1/history/info");
      waitForNodes(yarn);
    } else {
      waitFor("http://" + rmWeb + "/ws/v1/cluster/nodes?states=RUNNING", "\"nodes\":{\"node\"");
      waitFor("http://" + jhsWeb + "/ws/v1/history/info", "historyInfo");
    }

    File ready = new File(state, "ready.json");
    String json = "{\n"
        + "  \"fs\": \"" + fs.getUri() + "\",\n"
        + "  \"namenode\": \"" + fs.getUri().getAuthority() + "\",\n"
        + "  \"rm_web\": \"" + webScheme + "://" + rmWeb + "\",\n"
        + "  \"jhs_web\": \"" + webScheme + "://" + jhsWeb + "\",\n"
        + "  \"conf_dir\": \"" + confDir.getPath() + "\""
        + secureJson + "\n"
        + "}\n";
    Files.write(ready.toPath(), json.getBytes(StandardCharsets.UTF_8));
    System.out.println("READY " + ready.getPath());
    System.out.flush();

    if (!control) {
      for (Process p : daemons) p.waitFor();
      throw new IllegalStateException("a daemon exited");
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] cmd = line.trim().split("\\s+");
      try {
        switch (cmd[0]) {
          case "": continue;
          case "stop": System.out.println("OK stop"); System.out.flush(); System.exit(0); break;
          case "failover": {
            // The active namenode becomes standby, the other active.
            int active = dfs.getNameNode(0).isActiveState() ? 0 : 1;
            dfs.transitionToStandby(active);
            dfs.transitionToActive(1 - active);
            break;
          }
          case "restart-namenode": {
            long down = cmd.length > 1 ? (long) (Double.parseDouble(cmd[1]) * 1000) : 0;
            dfs.shutdownNameNode(0);
            Thread.sleep(down);
            dfs.restartNameNode(0, true);
            break;
          }
          default: throw new IllegalArgumentException("unknown command");
        }
        System.out.println("OK " + line.trim());
      } catch (Exception e) {
        System.out.println("ERR " + line.trim() + ": " + e);
      }
      System.out.flush();
    }
    System.exit(0);
  }

  // daemon starts one Hadoop daemon in a JVM of its own, logging to
  // LOGS/NAME.log.
  static void daemon(String name, String mainClass, String cp, File logs, String jvm) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
    cmd.add("-Xmx512m");
    for (String o : jvm.split(" ")) cmd.add(o);
    cmd.add("-Djava.net.preferIPv4Stack=true");
    String log4j = System.getProperty("log4j.configuration");
    if (log4j != null) cmd.add("-Dlog4j.configuration=" + log4j);
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(mainClass);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(new File(logs, name + ".log"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    daemons.add(pb.start());
  }

  // waitFor polls url until its body contains want, or fails after 3 minutes
  // or when a daemon has exited.
  static void waitFor(String url, String want) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      for (Process p : daemons) {
        if (!p.isAlive()) throw new IllegalStateException("a daemon exited while starting; see logs/");
      }
      try {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestProperty("Accept", "application/json");
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        if (c.getResponseCode() == 200) {
          String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          if (body.contains(want)) return;
        }
      } catch (java.io.IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("timed out waiting for " + url);
  }

  // waitForSecure polls a SPNEGO-protected url until it answers 401 (the
  // daemon serves and asks for Kerberos).
  static void waitForSecure(String url) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      for (Process p : daemons) {
        if (!p.isAlive()) throw new IllegalStateException("a daemon exited while starting; see logs/");
      }
      try {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        if (c instanceof javax.net.ssl.HttpsURLConnection) {
          // Only whether it serves: this launcher made the certificate.
          javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
          ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] x, String a) {}
            public void checkServerTrusted(java.security.cert.X509Certificate[] x, String a) {}
            public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
          }}, null);
          ((javax.net.ssl.HttpsURLConnection) c).setSSLSocketFactory(ctx.getSocketFactory());
        }
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        int code = c.getResponseCode();
        if (code == 401 || code == 200) return;
      } catch (java.io.IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("timed out waiting for " + url);
  }

  // writeSSL makes a key pair for localhost with keytool and writes
  // ssl-server.xml (its keystore) and ssl-client.xml (a truststore with
  // its certificate) into confDir.
  static void writeSSL(File dir, File confDir) throws Exception {
    dir.mkdirs();
    String keytool = new File(System.getProperty("java.home"), "bin/keytool").getPath();
    File ks = new File(dir, "server.jks"), crt = new File(dir, "server.crt"), ts = new File(dir, "trust.jks");
    ks.delete();
    crt.delete();
    ts.delete();
    run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
        "-keystore", ks.getPath(), "-storetype", "JKS", "-storepass", "serverpw", "-keypass", "serverpw");
    run(keytool, "-exportcert", "-alias", "server", "-keystore", ks.getPath(), "-storepass", "serverpw", "-rfc", "-file", crt.getPath());
    run(keytool, "-importcert", "-noprompt", "-alias", "server", "-file", crt.getPath(),
        "-keystore", ts.getPath(), "-storetype", "JKS", "-storepass", "trustpw");
    Configuration server = new Configuration(false);
    server.set("ssl.server.keystore.location", ks.getPath());
    server.set("ssl.server.keystore.password", "serverpw");
    server.set("ssl.server.keystore.keypassword", "serverpw");
    server.set("ssl.server.keystore.type", "jks");
    server.set("ssl.server.truststore.location", ts.getPath());
    server.set("ssl.server.truststore.password", "trustpw");
    server.set("ssl.server.truststore.type", "jks");
    write(server, new File(confDir, "ssl-server.xml"));
    Configuration client = new Configuration(false);
    client.set("ssl.client.truststore.location", ts.getPath());
    client.set("ssl.client.truststore.password", "trustpw");
    client.set("ssl.client.truststore.type", "jks");
    write(client, new File(confDir, "ssl-client.xml"));
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
  }

  // waitForNodes waits until the ResourceManager has a running NodeManager,
  // asking over Kerberos RPC as the login user.
  static void waitForNodes(Configuration yarnConf) throws Exception {
    Configuration conf = new Configuration();
    for (java.util.Map.Entry<String, String> e : yarnConf) conf.set(e.getKey(), e.getValue());
    conf.set("hadoop.security.authentication", "kerberos");
    org.apache.hadoop.yarn.client.api.YarnClient yc = org.apache.hadoop.yarn.client.api.YarnClient.createYarnClient();
    yc.init(conf);
    yc.start();
    long deadline = System.currentTimeMillis() + 180_000;
    try {
      while (System.currentTimeMillis() < deadline) {
        for (Process p : daemons) {
          if (!p.isAlive()) throw new IllegalStateException("a daemon exited while starting; see logs/");
        }
        try {
          if (!yc.getNodeReports(org.apache.hadoop.yarn.api.records.NodeState.RUNNING).isEmpty()) return;
        } catch (Exception e) {
          // not up yet
        }
        Thread.sleep(250);
      }
    } finally {
      yc.stop();
    }
    throw new IllegalStateException("timed out waiting for a NodeManager");
  }

  // writeSecret writes the HTTP authentication cookies' signing secret.
  static String writeSecret(File state) throws Exception {
    File f = new File(state, "http-secret");
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    Files.write(f.toPath(), java.util.HexFormat.of().formatHex(b).getBytes(StandardCharsets.UTF_8));
    return f.getPath();
  }

  // The --add-opens flags this JVM was started with (Hadoop 3.4 needs them
  // on Java 17; scripts/hadoop/add-opens lists them), for the daemons and
  // task JVMs.
  static String[] javaOpens() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens")).toArray(String[]::new);
  }

  static void write(Configuration conf, File f) throws Exception {
    File tmp = new File(f.getPath() + ".tmp");
    try (OutputStream out = new FileOutputStream(tmp)) {
      conf.writeXml(out);
    }
    Files.move(tmp.toPath(), f.toPath(), StandardCopyOption.REPLACE_EXISTING);
  }

  // Sockets bound by freePort, held until every port is chosen: a port
  // released at once could be handed out again by the next call (two
  // daemons were once given the same port).
  static final List<ServerSocket> held = new ArrayList<>();

  static int freePort() throws Exception {
    ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    held.add(s);
    return s.getLocalPort();
  }

  // releasePorts frees the chosen ports for the daemons to bind.
  static void releasePorts() throws Exception {
    for (ServerSocket s : held) s.close();
    held.clear();
  }

  static synchronized void shutdown() {
    for (Process p : daemons) p.destroy();
    for (Process p : daemons) {
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    daemons.clear();
    try { if (dfs != null) dfs.shutdown(); } catch (Throwable t) { t.printStackTrace(); }
    dfs = null;
    try { if (kdc != null) kdc.stop(); } catch (Throwable t) { t.printStackTrace(); }
    kdc = null;
  }
}
