package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/shiftgate/shiftgate/tekton"
)

// runTekton is `shiftgate tekton results`: what the Tekton Task's step runs after a
// scan or a merge to write the Task results from the out dir.
func runTekton(ctx context.Context, args []string, env *Env) error {
	if ok, err := groupHelp(env, args, "tekton results [--out DIR] [--results DIR] [--uri-base PATH] [--image REF]"); ok {
		return err
	}
	if len(args) == 0 || args[0] != "results" {
		return usagef("tekton needs a subcommand: tekton results [--out DIR] [--results DIR] [--uri-base PATH] [--image REF]")
	}
	var out, dir, uriBase, img string
	fs := newFlags("tekton results", env, "tekton results [--out DIR] [--results DIR] [--uri-base PATH] [--image REF]")
	fs.StringVar(&out, "out", ".shiftgate/out", "the scan's or merge's out dir")
	fs.StringVar(&dir, "results", "/tekton/results", "the Task's results folder")
	fs.StringVar(&uriBase, "uri-base", "", "what artifact uris start with (default: --out)")
	fs.StringVar(&img, "image", "", "also write IMAGE_URL and IMAGE_DIGEST for this image (the scan's --image)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("tekton results takes no arguments, got %q", pos)
	}
	if uriBase == "" {
		uriBase = out
	}
	res, err := tekton.Results(out, uriBase)
	if err != nil {
		return err
	}
	var imgErr error
	imageSet := false
	fs.Visit(func(f *flag.Flag) { imageSet = imageSet || f.Name == "image" })
	if imageSet {
		// The other results are written even when the image's digest cannot be read;
		// the command still fails, so Chains is never left without the image silently.
		imgErr = tekton.ImageResults(res, img)
	}
	if err := tekton.WriteResults(dir, res); err != nil {
		return err
	}
	if imgErr != nil {
		return imgErr
	}
	fmt.Fprintf(env.Stderr, "shiftgate: Tekton results written: verdict %s, %s blocking of %s finding(s)\n", res[tekton.ResultVerdict], res[tekton.ResultBlocking], res[tekton.ResultFindings])
	return nil
}
