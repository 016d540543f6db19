# Kubernetes helpers: the pod spec of any workload kind, and its containers.
package shiftgate.lib.k8s

import data.shiftgate.lib

resource := input.resource

kind := resource.kind

name := object.get(resource, ["metadata", "name"], "unnamed")

namespace := object.get(resource, ["metadata", "namespace"], "")

# pod_spec is the pod spec of a Pod, of a workload's pod template, or of a CronJob's job template.
pod_spec := resource.spec if kind == "Pod"

# Other kinds whose spec is itself a pod spec (Knative Revision, for example).
pod_spec := resource.spec if {
	kind != "Pod"
	is_array(resource.spec.containers)
	not resource.spec.template
}

pod_spec := resource.spec.template.spec if {
	not kind in {"Pod", "CronJob", "PodTemplate"}
	is_array(resource.spec.template.spec.containers)
}

pod_spec := resource.template.spec if kind == "PodTemplate"

pod_spec := resource.spec.jobTemplate.spec.template.spec if kind == "CronJob"

pod_meta := resource.metadata if kind == "Pod"

pod_meta := resource.spec.template.metadata if {
	not kind in {"Pod", "CronJob", "PodTemplate"}
	is_array(resource.spec.template.spec.containers)
}

pod_meta := resource.spec.jobTemplate.spec.template.metadata if kind == "CronJob"

is_workload if pod_spec

# containers holds every container of the pod spec (init and ephemeral ones too).
containers contains c if {
	some field in ["containers", "initContainers", "ephemeralContainers"]
	some c in pod_spec[field]
	is_object(c)
}

# app_containers are the long-running containers (not init or ephemeral ones).
app_containers contains c if {
	some c in pod_spec.containers
	is_object(c)
}

cname(c) := object.get(c, "name", "unnamed")

# describe names a container and its workload for messages.
describe(c) := sprintf("container %q in %s %q", [cname(c), kind, name])

pod_sc := object.get(pod_spec, "securityContext", {})

sc(c) := object.get(c, "securityContext", {})

# sc_line is the line of the container's securityContext key (or the container).
sc_line(c, key) := lib.line_of(c.securityContext, key) if lib.has(c.securityContext, key)

sc_line(c, key) := lib.line_of(c, "securityContext") if {
	c.securityContext
	not lib.has(c.securityContext, key)
}

sc_line(c, _) := c.__line__ if not c.securityContext

# image_tag is the tag of an image reference ("" when there is none).
image_tag(img) := "" if {
	not contains(_last_part(split(img, "@")[0]), ":")
}

image_tag(img) := t if {
	nodigest := split(img, "@")[0]
	last := _last_part(nodigest)
	contains(last, ":")
	parts := split(last, ":")
	t := parts[count(parts) - 1]
}

_last_part(img) := p if {
	parts := split(img, "/")
	p := parts[count(parts) - 1]
}

has_digest(img) if contains(img, "@sha256:")

# spec_line is the line of the pod spec's "spec:" key.
spec_line := resource.__lines__.spec if kind == "Pod"

spec_line := resource.spec.template.__lines__.spec if {
	not kind in {"Pod", "CronJob", "PodTemplate"}
	is_array(resource.spec.template.spec.containers)
}

spec_line := resource.spec.jobTemplate.spec.template.__lines__.spec if kind == "CronJob"

# res_line is where a missing resources.<section>.<name> should be reported.
res_line(c, section) := lib.line_of(c.resources, section) if c.resources[section]

res_line(c, section) := lib.line_of(c, "resources") if {
	is_object(c.resources)
	not c.resources[section]
}

res_line(c, _) := c.__line__ if not is_object(object.get(c, "resources", null))

# req_line is where a missing request is reported: the requests key, else the container.
req_line(c, section) := lib.line_of(c.resources, section) if c.resources[section]

req_line(c, section) := c.__line__ if not c.resources[section]

# volume returns the pod volume a mount refers to.
volume(m) := v if {
	some v in pod_spec.volumes
	v.name == m.name
}

is_rbac_role if kind in {"Role", "ClusterRole"}

is_binding if kind in {"RoleBinding", "ClusterRoleBinding"}
