package shiftgate.rules.terraform.TF_AZ_059

import data.shiftgate.lib.tf

metadata := {
	"id": "TF-AZ-059",
	"title": "Linux VM allows password authentication",
	"severity": "medium",
	"description": "Password logins can be brute-forced; SSH keys cannot.",
	"remediation": "Set `disable_password_authentication = true` and configure `admin_ssh_key`.",
	"references": [
		"https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_virtual_machine",
	],
	"cwe": [
		"CWE-521",
	],
}

deny contains {"msg": sprintf("%s allows password logins", [tf.rname(r)]), "line": tf.line(r, "disable_password_authentication"), "path": r.path} if {
	some t_ in {"azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set"}
	some r in input.by_type[t_]
	r.type in {"azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set"}
	r.config.disable_password_authentication == false
}

deny contains {"msg": sprintf("%s allows password logins", [tf.rname(r)]), "line": tf.pline(r, ["os_profile_linux_config", "disable_password_authentication"]), "path": r.path} if {
	some r in input.by_type.azurerm_virtual_machine
	r.type == "azurerm_virtual_machine"
	tf.false_at(r, ["os_profile_linux_config", "disable_password_authentication"])
}
