// Package worker wires howdah's interpreter and activities into a Temporal
// worker. It holds no logic of its own: Register says what runs under which
// name, New builds a worker for a task queue.
package worker
