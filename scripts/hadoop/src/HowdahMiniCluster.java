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
//   stop                              shut everything down and exit
// and it shuts down when standard input closes, so a test that dies takes its
// cluster with it. Without --control-stdin it runs until killed (SIGTERM and
// Ctrl-C stop it cleanly through the shutdown hook).
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

public class HowdahMiniCluster {
  private static MiniDFSCluster dfs;
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
    List<String[]> extra = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--state": state = new File(args[++i]).getAbsoluteFile(); break;
        case "--control-stdin": control = true; break;
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
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(data, "dfs").getPath());
    dfs = new MiniDFSCluster.Builder(conf).nameNodePort(nnPort).numDataNodes(1).format(true).build();
    dfs.waitActive();
    FileSystem fs = dfs.getFileSystem();
    // World-writable /tmp and /user as on a real cluster, so jobs of any
    // user can stage and write there.
    for (String p : new String[] {"/tmp", "/user"}) {
      fs.mkdirs(new Path(p));
      fs.setPermission(new Path(p), new FsPermission((short) 01777));
    }

    String daemonCp = confDir.getPath() + File.pathSeparator + classpath;
    daemon("resourcemanager", "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager", daemonCp, logs, jvm);
    daemon("nodemanager", "org.apache.hadoop.yarn.server.nodemanager.NodeManager", daemonCp, logs, jvm);
    daemon("historyserver", "org.apache.hadoop.mapreduce.v2.hs.JobHistoryServer", daemonCp, logs, jvm);
    waitFor("http://" + rmWeb + "/ws/v1/cluster/nodes?states=RUNNING", "\"nodes\":{\"node\"");
    waitFor("http://" + jhsWeb + "/ws/v1/history/info", "historyInfo");

    File ready = new File(state, "ready.json");
    String json = "{\n"
        + "  \"fs\": \"" + fs.getUri() + "\",\n"
        + "  \"namenode\": \"" + fs.getUri().getAuthority() + "\",\n"
        + "  \"rm_web\": \"http://" + rmWeb + "\",\n"
        + "  \"jhs_web\": \"http://" + jhsWeb + "\",\n"
        + "  \"conf_dir\": \"" + confDir.getPath() + "\"\n"
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
  }
}
