package dsl

import "github.com/hashicorp/hcl/v2"

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "workflow", LabelNames: []string{"name"}},
		// Coordinator and bundle files (see coordinator.go).
		{Type: "coordinator", LabelNames: []string{"name"}},
		{Type: "dataset", LabelNames: []string{"name"}},
		{Type: "bundle", LabelNames: []string{"name"}},
	},
}

var workflowSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "description"},
		{Name: "start"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "param", LabelNames: []string{"name"}},
		{Type: "defaults"},
		{Type: "action", LabelNames: []string{"name"}},
		{Type: "decision", LabelNames: []string{"name"}},
		{Type: "fork", LabelNames: []string{"name"}},
		{Type: "join", LabelNames: []string{"name"}},
		{Type: "kill", LabelNames: []string{"name"}},
	},
}

var paramSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type"},
		{Name: "default"},
		{Name: "description"},
		{Name: "sensitive"},
		{Name: "within"},
	},
}

// commonAttributes are the attributes an action shares with defaults.
var commonAttributes = []hcl.AttributeSchema{
	{Name: "configuration"},
	{Name: "files"},
	{Name: "archives"},
	{Name: "timeout"},
	{Name: "queue"},
	{Name: "cluster"},
	{Name: "on_failure"},
	{Name: "hold_timeout"},
	{Name: "job_xml"},
}

var defaultsSchema = &hcl.BodySchema{
	Attributes: commonAttributes,
	Blocks:     []hcl.BlockHeaderSchema{{Type: "retry"}},
}

var actionSchema = &hcl.BodySchema{
	Attributes: append([]hcl.AttributeSchema{
		{Name: "description"},
		{Name: "ok"},
		{Name: "error"},
		{Name: "for_each"},
		{Name: "parallelism"},
	}, commonAttributes...),
	Blocks: append([]hcl.BlockHeaderSchema{
		{Type: "prepare"},
		{Type: "retry"},
	}, kindBlockSchemas()...),
}

var retrySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "attempts"},
		{Name: "interval"},
		{Name: "backoff"},
		{Name: "max_interval"},
		{Name: "non_retryable"},
	},
}

var prepareSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "delete"}, {Name: "mkdir"}},
}

var decisionSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "default"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "case"}},
}

var caseSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "when", Required: true}, {Name: "goto", Required: true}},
}

var forkSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "branches", Required: true}},
}

var joinSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "ok"}},
}

var killSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "message"}},
}

var datasetSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "uri", Required: true},
		{Name: "frequency", Required: true},
		{Name: "initial_instance", Required: true},
		{Name: "timezone"},
		{Name: "done_flag"},
		{Name: "description"},
	},
}

var coordinatorSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "description"},
		{Name: "workflow", Required: true},
		{Name: "start", Required: true},
		{Name: "end"},
		{Name: "frequency", Required: true},
		{Name: "timezone"},
		{Name: "timeout"},
		{Name: "poll_interval"},
		{Name: "concurrency"},
		{Name: "throttle"},
		{Name: "execution"},
		{Name: "tolerance"},
		{Name: "params"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "input", LabelNames: []string{"name"}},
		{Type: "output", LabelNames: []string{"name"}},
	},
}

var eventSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "dataset", Required: true},
		{Name: "instance"},
		{Name: "from"},
		{Name: "to"},
		{Name: "min"},
	},
}

var bundleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "description"},
		{Name: "kick_off"},
		{Name: "coordinators"},
	},
}
