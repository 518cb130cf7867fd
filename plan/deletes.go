package plan

import "github.com/howdah/howdah/fspath"

// DeleteTargets lists every path the action deletes, its prepare block's
// and its fs delete operations', each with the directory it must stay
// strictly below.
func (a *Action) DeleteTargets() []fspath.DeleteTarget {
	var out []fspath.DeleteTarget
	if a.Prepare != nil {
		for i, p := range a.Prepare.Delete {
			t := fspath.DeleteTarget{Path: p}
			if i < len(a.Prepare.DeleteWithin) {
				t.Within = a.Prepare.DeleteWithin[i]
			}
			out = append(out, t)
		}
	}
	if a.FS != nil {
		for _, op := range a.FS.Ops {
			if op.Op == OpDelete {
				out = append(out, fspath.DeleteTarget{Path: op.Path, Within: op.Within})
			}
		}
	}
	return out
}

// CheckDeletes applies CheckDeleteWithin to every path the action deletes.
func (a *Action) CheckDeletes() error {
	for _, t := range a.DeleteTargets() {
		if err := fspath.CheckDeleteWithin(t.Within, t.Path); err != nil {
			return err
		}
	}
	return nil
}
