// EmitOutput is a java action's main class for the tests: it writes its
// arguments as properties where Oozie's java action contract says, the file
// named by the system property oozie.action.output.properties.
import java.io.FileOutputStream;
import java.util.Properties;

public class EmitOutput {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    for (String a : args) {
      int eq = a.indexOf('=');
      p.setProperty(a.substring(0, eq), a.substring(eq + 1));
    }
    try (FileOutputStream out = new FileOutputStream(System.getProperty("oozie.action.output.properties"))) {
      p.store(out, null);
    }
  }
}
