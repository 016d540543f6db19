package shiftgate.rules.cloudformation.CFN_111

import data.shiftgate.lib.cfn

metadata := {
	"id": "CFN-111",
	"title": "API Gateway method without authorization",
	"severity": "medium",
	"description": "A method with AuthorizationType NONE (other than OPTIONS for CORS preflight) can be called by anyone who finds the URL.",
	"remediation": "Set AuthorizationType to AWS_IAM, COGNITO_USER_POOLS or CUSTOM, or require an API key.",
	"references": ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-method.html"],
	"cwe": ["CWE-306"],
}

deny contains {"msg": sprintf("%s (%v) requires no authorization", [cfn.name(r), cfn.prop(r, "HttpMethod")]), "line": cfn.line(r, "AuthorizationType")} if {
	some r in cfn.resources_of({"AWS::ApiGateway::Method"})
	upper(cfn.prop(r, "AuthorizationType")) == "NONE"
	upper(cfn.prop(r, "HttpMethod")) != "OPTIONS"
	not cfn.is_true(cfn.prop(r, "ApiKeyRequired"))
}
