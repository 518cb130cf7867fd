package coord

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// javaShortIDs are the three-letter zone IDs java.util.TimeZone accepts
// (ZoneId.SHORT_IDS), which Oozie coordinators use (PST, IST, ...) and the
// tz database does not have. EST, MST and HST are fixed offsets in Java,
// as in the tz database.
var javaShortIDs = map[string]string{
	"ACT": "Australia/Darwin",
	"AET": "Australia/Sydney",
	"AGT": "America/Argentina/Buenos_Aires",
	"ART": "Africa/Cairo",
	"AST": "America/Anchorage",
	"BET": "America/Sao_Paulo",
	"BST": "Asia/Dhaka",
	"CAT": "Africa/Harare",
	"CNT": "America/St_Johns",
	"CST": "America/Chicago",
	"CTT": "Asia/Shanghai",
	"EAT": "Africa/Addis_Ababa",
	"ECT": "Europe/Paris",
	"IET": "America/Indiana/Indianapolis",
	"IST": "Asia/Kolkata",
	"JST": "Asia/Tokyo",
	"MIT": "Pacific/Apia",
	"NET": "Asia/Yerevan",
	"NST": "Pacific/Auckland",
	"PLT": "Asia/Karachi",
	"PNT": "America/Phoenix",
	"PRT": "America/Puerto_Rico",
	"PST": "America/Los_Angeles",
	"SST": "Pacific/Guadalcanal",
	"VST": "Asia/Ho_Chi_Minh",
}

var fixedOffsets = map[string]int{"EST": -5 * 3600, "MST": -7 * 3600, "HST": -10 * 3600}

// gmtOffset is Oozie's custom zone ID: GMT, a sign, two-digit hours and
// minutes, with or without a colon (GMT+09:00, GMT-0700). Java's shorter
// forms (GMT+9) normalise to another ID, which Oozie refuses.
var gmtOffset = regexp.MustCompile(`^GMT([+-])([0-9]{2}):?([0-9]{2})$`)

// LoadLocation finds a time zone as Oozie does, refusing "" and "Local"
// (a coordinator's meaning must not depend on the host it runs on): a tz
// database name (UTC, Europe/Berlin), a GMT offset (GMT+09:00, GMT+0530)
// or one of Java's three-letter IDs (PST, IST; EST, MST and HST are fixed
// offsets).
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("time zone %q is not allowed: name one (UTC, Europe/Berlin, ...)", name)
	}
	if m := gmtOffset.FindStringSubmatch(name); m != nil {
		h, _ := strconv.Atoi(m[2])
		min, _ := strconv.Atoi(m[3])
		if h > 23 || min > 59 {
			return nil, fmt.Errorf("time zone %s: the offset is at most GMT%s23:59", name, m[1])
		}
		off := h*3600 + min*60
		if m[1] == "-" {
			off = -off
		}
		return time.FixedZone(fmt.Sprintf("GMT%s%s:%s", m[1], m[2], m[3]), off), nil
	}
	if off, ok := fixedOffsets[name]; ok {
		return time.FixedZone(name, off), nil
	}
	if id, ok := javaShortIDs[name]; ok {
		return time.LoadLocation(id)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %s: use a tz database name (UTC, Europe/Berlin), a GMT offset (GMT+09:00) or a Java short ID (PST)", name)
	}
	return loc, nil
}
