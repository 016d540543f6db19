package shiftgate.rules.cloudformation.CFN_098

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-098",
	"title": "Private key in EC2 user data",
	"severity": "critical",
	"description": "User data holds a private key (in clear or base64-encoded); anyone who can describe the instance or read the template can decode it.",
	"remediation": "Fetch keys at boot from Secrets Manager or SSM Parameter Store with the instance role; never embed them in user data.",
	"references": ["https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html"],
	"cwe": ["CWE-798"],
	"redact": true,
}

types := {"AWS::EC2::Instance", "AWS::EC2::LaunchTemplate", "AWS::AutoScaling::LaunchConfiguration"}

deny contains {"msg": sprintf("%s has a private key in its user data", [cfn.name(r)]), "line": line} if {
	some r in cfn.resources_of(types)
	walk(r.properties, [path, v])
	path[count(path) - 1] == "UserData"
	some s in strings(v)
	key_in(s)
	line := object.get(object.get(r.properties, array.slice(path, 0, count(path) - 1), {}), ["__lines__", "UserData"], r.line)
}

strings(v) := [v] if is_string(v)

strings(v) := [s | walk(v, [_, s]); is_string(s)] if not is_string(v)

key_in(s) if contains(s, "PRIVATE KEY-----")

# base64 of "-----BEGIN " followed by a key type: LS0tLS1CRUdJTi…
key_in(s) if contains(s, "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVkt")

key_in(s) if contains(s, "LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0t")

key_in(s) if contains(s, "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t")

key_in(s) if contains(s, "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t")
