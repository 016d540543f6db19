package shiftgate.rules.cloudformation.CFN_074

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-074",
	"title": "Load balancer listener uses HTTP",
	"severity": "medium",
	"description": "A listener that accepts plain HTTP (and does not only redirect to HTTPS) carries requests and cookies in clear.",
	"remediation": "Use HTTPS with a certificate, and make the port-80 listener a redirect to HTTPS.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticloadbalancingv2-listener.html"],
	"cwe": ["CWE-319"],
}

deny contains {"msg": sprintf("%s listens on HTTP", [cfn.name(r)]), "line": cfn.line(r, "Protocol")} if {
	some r in cfn.resources_of({"AWS::ElasticLoadBalancingV2::Listener"})
	cfn.prop(r, "Protocol") == "HTTP"
	not redirects(r)
}

deny contains {"msg": sprintf("%s has a listener whose %s is HTTP", [cfn.name(r), key]), "line": object.get(l, ["__lines__", key], l.__line__)} if {
	some r in cfn.resources_of({"AWS::ElasticLoadBalancing::LoadBalancer"})
	some l in r.properties.Listeners
	some key in ["Protocol", "InstanceProtocol"]
	upper(cfn.value(l[key])) == "HTTP"
}

redirects(r) if {
	some a in r.properties.DefaultActions
	lower(a.Type) == "redirect"
	upper(object.get(a, ["RedirectConfig", "Protocol"], "")) == "HTTPS"
}
