package activities

import (
	"context"

	"github.com/howdah/howdah/activities/contract"
	"github.com/howdah/howdah/client"
	"github.com/howdah/howdah/workflows/api"
	sdkclient "go.temporal.io/sdk/client"
)

// Temporal holds the activities that read Temporal itself, for
// coordinators: a rerun names the runs it carries over (LatestRuns) and
// each instance reads its previous run's record (PriorRecord). They are
// adapters over package client, registered by package worker.
type Temporal struct {
	Client sdkclient.Client
}

// PriorRecord implements contract.PriorRecordName.
func (t *Temporal) PriorRecord(ctx context.Context, in contract.PriorRecordInput) (*api.Record, error) {
	return client.PriorRecord(ctx, t.Client, in)
}

// LatestRuns implements contract.LatestRunsName.
func (t *Temporal) LatestRuns(ctx context.Context, in contract.LatestRunsInput) (contract.LatestRunsResult, error) {
	ids, err := client.LatestRuns(ctx, t.Client, in.IDs)
	return contract.LatestRunsResult{RunIDs: ids}, err
}
