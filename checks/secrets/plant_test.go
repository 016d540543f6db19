package secrets_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planted is one secret written into a throw-away repository.
type planted struct {
	file  string // slash path in the repository
	line  int    // 1-based line of the secret's first character
	rule  string // the gitleaks rule expected to find it
	kind  string // words the finding's message must name
	value string // the secret itself: must never appear in any output
}

// token returns n deterministic pseudo-random characters from alphabet. Secrets are
// generated at test time so that no real-looking credential is committed.
func token(r *rand.Rand, alphabet string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

const (
	alnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	digits = "0123456789"
	b64    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// plantSecrets writes a repository with secrets of several kinds in the places
// secrets hide (code, .env, Dockerfile ENV/ARG, Kubernetes manifest, Terraform
// variables, a private key file) and returns its root and what was planted.
func plantSecrets(t *testing.T) (string, []planted) {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 7))
	aws := "AKIA" + token(r, base32, 16)
	ghp := "ghp" + "_" + token(r, alnum, 36)
	slack := "xoxb" + "-" + token(r, digits, 12) + "-" + token(r, digits, 13) + "-" + token(r, alnum, 24)
	stripe := "sk" + "_live_" + token(r, alnum, 24)
	glpat := "glpat" + "-" + token(r, alnum, 20)
	npm := "npm" + "_" + token(r, alnum, 36)
	k8s := "ghp" + "_" + token(r, alnum, 36)
	tf := token(r, alnum, 12) + "x9Q" + token(r, alnum, 9)
	var key strings.Builder
	for range 12 {
		key.WriteString(token(r, b64, 64) + "\n")
	}
	keyBody := strings.TrimSpace(key.String())
	files := map[string]string{
		"main.go":                "package main\n\nimport \"fmt\"\n\n// awsKey is an access key id.\nconst awsKey = \"" + aws + "\"\n\nfunc main() { fmt.Println(awsKey) }\n",
		"config/settings.py":     "DEBUG = False\nGITHUB_TOKEN = \"" + ghp + "\"\nSLACK = \"" + slack + "\"\n",
		".env":                   "PORT=8080\nSTRIPE_KEY=" + stripe + "\n",
		"Dockerfile":             "FROM alpine:3.20\nENV GITLAB_TOKEN=" + glpat + "\nARG NPM_TOKEN=" + npm + "\nRUN echo ok\n",
		"deploy/secret.yaml":     "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  token: " + k8s + "\n",
		"infra/terraform.tfvars": "region = \"eu-west-1\"\ndb_password = \"" + tf + "\"\n",
		"keys/id_rsa":            "-----BEGIN RSA " + "PRIVATE KEY-----\n" + keyBody + "\n-----END RSA " + "PRIVATE KEY-----\n",
		"logo.png":               "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + ghp,
	}
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, []planted{
		{"main.go", 6, "aws-access-token", "AWS access key", aws},
		{"config/settings.py", 2, "github-pat", "GitHub token", ghp},
		{"config/settings.py", 3, "slack-bot-token", "Slack token", slack},
		{".env", 2, "stripe-access-token", "Stripe", stripe},
		{"Dockerfile", 2, "gitlab-pat", "GitLab token", glpat},
		{"Dockerfile", 3, "npm-access-token", "NPM", npm},
		{"deploy/secret.yaml", 6, "github-pat", "GitHub token", k8s},
		{"infra/terraform.tfvars", 2, "generic-api-key", "generic secret", tf},
		{"keys/id_rsa", 1, "private-key", "private key", keyBody},
	}
}

// leaks lists the planted values (and each private key line) found in b.
func leaks(b []byte, secrets []planted) []string {
	var out []string
	s := string(b)
	for _, p := range secrets {
		for _, part := range strings.Split(p.value, "\n") {
			if len(part) >= 8 && strings.Contains(s, part) {
				out = append(out, p.rule+" in "+p.file)
				break
			}
		}
	}
	return out
}

func writeFile(root, name, body string) error {
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(body), 0o644)
}
