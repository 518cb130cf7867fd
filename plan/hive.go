package plan

import (
	"fmt"
	"strings"
)

// hiveOwnedArgs are the beeline options howdah sets from the action's
// fields; Args may not repeat them (a second -u or -f would change what
// runs, a -p would put a password on a command line).
var hiveOwnedArgs = []string{
	"-u", "-n", "-p", "-w", "-e", "-f", "-i", "-d", "-r",
	"--password-file", "--property-file",
}

// CheckArgs refuses beeline arguments howdah sets itself.
func (h *Hive) CheckArgs() error {
	for _, a := range h.Args {
		name, _, _ := strings.Cut(a, "=")
		for _, o := range hiveOwnedArgs {
			if name == o || strings.HasPrefix(o, "--") && strings.EqualFold(name, o) {
				return fmt.Errorf("args holds %s, which howdah sets from the action's fields (jdbc_url, user, password, password_file, script, query)", o)
			}
		}
	}
	return nil
}

// CheckHiveURL refuses a JDBC URL that is not HiveServer2's or that carries a
// password (which would reach beeline's command line, the process table
// and the logs), and a principal that would add URL settings of its own.
func CheckHiveURL(url, principal string) error {
	if !strings.HasPrefix(url, "jdbc:hive2://") {
		return fmt.Errorf("jdbc_url must be a HiveServer2 URL (jdbc:hive2://host:port/db)")
	}
	if strings.Contains(strings.ToLower(url), "password=") {
		return fmt.Errorf("jdbc_url holds a password setting (not shown): a URL reaches beeline's command line and the logs; set the action's password (a sensitive parameter) or password_file instead")
	}
	if principal != "" && strings.Contains(strings.ToLower(url), ";principal=") {
		return fmt.Errorf("jdbc_url already names a principal: leave the action's principal out, or the principal out of the URL")
	}
	if strings.ContainsAny(principal, ";?#") {
		return fmt.Errorf("principal %q holds ';', '?' or '#', which would add settings to the JDBC URL", principal)
	}
	return nil
}

// HiveURL is the URL beeline connects to: url, with principal as its
// ;principal= session setting when given (before the URL's ?hive_conf
// and #hive_var parts, where a setting would mean something else).
func HiveURL(url, principal string) string {
	if principal == "" {
		return url
	}
	return AddHiveSetting(url, "principal", principal)
}

// AddHiveSetting adds the session setting ;name=value to a JDBC URL,
// before its ?hive_conf and #hive_var parts.
func AddHiveSetting(url, name, value string) string {
	i := strings.IndexAny(url, "?#")
	if i < 0 {
		i = len(url)
	}
	return url[:i] + ";" + name + "=" + value + url[i:]
}
