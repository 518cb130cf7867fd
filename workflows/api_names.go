package workflows

import "github.com/howdah/howdah/workflows/api"

// The interpreter's short names for the wire API, which package api
// defines (clients import api, not this package).

type (
	Input            = api.Input
	Resume           = api.Resume
	Output           = api.Output
	NodeState        = api.NodeState
	State            = api.State
	OperatorCommand  = api.OperatorCommand
	Record           = api.Record
	Partial          = api.Partial
	Rerun            = api.Rerun
	Batch            = api.Batch
	BatchResult      = api.BatchResult
	CoordEvent       = api.CoordEvent
	RequestResult    = api.RequestResult
	Grant            = api.Grant
	CoordinatorInput = api.CoordinatorInput
	CoordinatorState = api.CoordinatorState
	PendingRange     = api.PendingRange
	Slot             = api.Slot
	InstanceInput    = api.InstanceInput
	InstanceStatus   = api.InstanceStatus
	PriorRun         = api.PriorRun
)

const (
	ErrKilled                  = api.ErrKilled
	ErrBadInput                = api.ErrBadInput
	ErrCancelled               = api.ErrCancelled
	StatusPrep                 = api.StatusPrep
	StatusRunning              = api.StatusRunning
	StatusOK                   = api.StatusOK
	StatusError                = api.StatusError
	StatusUserRetry            = api.StatusUserRetry
	StatusKilled               = api.StatusKilled
	StatusSkipped              = api.StatusSkipped
	RunRunning                 = api.RunRunning
	RunSuspended               = api.RunSuspended
	RunSucceeded               = api.RunSucceeded
	RunFailed                  = api.RunFailed
	RunKilled                  = api.RunKilled
	QueryState                 = api.QueryState
	QueryResults               = api.QueryResults
	SignalSuspend              = api.SignalSuspend
	SignalResume               = api.SignalResume
	SearchWorkflow             = api.SearchWorkflow
	SearchApp                  = api.SearchApp
	SearchUser                 = api.SearchUser
	SearchRun                  = api.SearchRun
	SearchNode                 = api.SearchNode
	SignalOperator             = api.SignalOperator
	UpdateOperator             = api.UpdateOperator
	SearchHeld                 = api.SearchHeld
	OperatorRetry              = api.OperatorRetry
	OperatorSkip               = api.OperatorSkip
	OperatorFail               = api.OperatorFail
	CoordinatorType            = api.CoordinatorType
	InstanceType               = api.InstanceType
	SignalCoordinator          = api.SignalCoordinator
	UpdateCoordinator          = api.UpdateCoordinator
	SignalInstance             = api.SignalInstance
	SignalReport               = api.SignalReport
	QueryCoordinator           = api.QueryCoordinator
	QueryInstance              = api.QueryInstance
	SearchCoordinator          = api.SearchCoordinator
	SearchNominalTime          = api.SearchNominalTime
	SearchInstanceState        = api.SearchInstanceState
	InstanceWaiting            = api.InstanceWaiting
	InstanceReady              = api.InstanceReady
	InstanceRunning            = api.InstanceRunning
	InstanceSucceeded          = api.InstanceSucceeded
	InstanceFailed             = api.InstanceFailed
	InstanceKilled             = api.InstanceKilled
	InstanceTimedOut           = api.InstanceTimedOut
	InstanceSkipped            = api.InstanceSkipped
	EventReady                 = api.EventReady
	EventDone                  = api.EventDone
	EventPause                 = api.EventPause
	EventResume                = api.EventResume
	EventTrigger               = api.EventTrigger
	EventBackfill              = api.EventBackfill
	EventRerun                 = api.EventRerun
	EventUpdate                = api.EventUpdate
	StatusHeld                 = api.StatusHeld
	RerunSkipped               = api.RerunSkipped
	DefaultMaxRequestInstances = api.DefaultMaxRequestInstances
	MaxRequestInstances        = api.MaxRequestInstances
)

var (
	SucceededNodes    = api.SucceededNodes
	RecordFromDetails = api.RecordFromDetails
)
