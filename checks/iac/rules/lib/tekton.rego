# Tekton helpers: every step and sidecar of a Task, Pipeline, TaskRun or PipelineRun,
# including embedded taskSpec/pipelineSpec.
package shiftgate.lib.tekton

resource := input.resource

kind := resource.kind

name := object.get(resource, ["metadata", "name"], "unnamed")

task_specs contains s if {
	kind in {"Task", "ClusterTask"}
	s := resource.spec
}

task_specs contains s if {
	kind == "TaskRun"
	s := resource.spec.taskSpec
}

task_specs contains s if {
	some p in pipeline_specs
	some field in ["tasks", "finally"]
	some t in p[field]
	s := t.taskSpec
}

pipeline_specs contains s if {
	kind == "Pipeline"
	s := resource.spec
}

pipeline_specs contains s if {
	kind == "PipelineRun"
	s := resource.spec.pipelineSpec
}

# steps holds every step and sidecar container.
steps contains st if {
	some s in task_specs
	some field in ["steps", "sidecars"]
	some st in s[field]
	is_object(st)
}

step_templates contains t if {
	some s in task_specs
	t := s.stepTemplate
}

describe(st) := sprintf("step %q of %s %q", [object.get(st, "name", "unnamed"), kind, name])

volumes contains v if {
	some s in task_specs
	some v in s.volumes
}
