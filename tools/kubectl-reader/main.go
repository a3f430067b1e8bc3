// kubectl-reader: reads manifest files exactly as `kubectl apply -f FILE` reads them before it
// sends anything, and prints what it read, one JSON line per file. It is the oracle of kubegrade's
// differential test (test/kubectl-reader.test.ts); it is never part of a grade.
//
// Two readings of each file, both kubectl's own code:
//
//   - docs/error: cli-runtime's FileVisitor transform (unicode.BOMOverride over UTF-8: a UTF-8 or
//     UTF-16 byte order mark picks the encoding, none means UTF-8, invalid bytes become U+FFFD),
//     then apimachinery's util/yaml NewYAMLOrJSONDecoder (the document splitter, JSON or YAML, YAML
//     through sigs.k8s.io/yaml and its go-yaml v2) into runtime.RawExtension, as cli-runtime's
//     StreamVisitor decodes: each document as the JSON kubectl would send, an empty or null document
//     skipped, and the decoder's error, which ends the file (the documents before it are kept).
//   - objects/objectErrors: cli-runtime's local resource builder as `kubectl apply -f` configures it
//     (Unstructured, ContinueOnError, Flatten), without a server: what is left once unstructured
//     decoding refuses documents that are not objects with a kind, and `kind: List` is expanded.
//
// Input: file paths on stdin, one per line. Output: {"file","docs","error","objects","objectErrors"}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"k8s.io/apimachinery/pkg/runtime"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	kyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/cli-runtime/pkg/resource"
)

type result struct {
	File         string            `json:"file"`
	Docs         []json.RawMessage `json:"docs"`
	Error        *string           `json:"error"`
	Objects      []json.RawMessage `json:"objects"`
	ObjectErrors []string          `json:"objectErrors"`
}

// readDocs is cli-runtime's FileVisitor.Visit and StreamVisitor.Visit up to (not including) the
// schema check and the decoding into an object.
func readDocs(path string, out *result) {
	f, err := os.Open(path)
	if err != nil {
		msg := err.Error()
		out.Error = &msg
		return
	}
	defer f.Close()
	r := transform.NewReader(f, unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	d := kyaml.NewYAMLOrJSONDecoder(r, 4096)
	for {
		ext := runtime.RawExtension{}
		if err := d.Decode(&ext); err != nil {
			if err == io.EOF {
				return
			}
			msg := err.Error()
			out.Error = &msg
			return
		}
		ext.Raw = bytes.TrimSpace(ext.Raw)
		if len(ext.Raw) == 0 || bytes.Equal(ext.Raw, []byte("null")) {
			continue
		}
		out.Docs = append(out.Docs, json.RawMessage(append([]byte(nil), ext.Raw...)))
	}
}

// readObjects is the builder `kubectl apply -f` makes (apply.go: Unstructured, ContinueOnError,
// FilenameParam, Flatten), local: no server is asked anything.
func readObjects(path string, out *result) {
	infos, err := resource.NewLocalBuilder().
		Unstructured().
		ContinueOnError().
		FilenameParam(false, &resource.FilenameOptions{Filenames: []string{path}}).
		Flatten().
		Do().
		Infos()
	for _, info := range infos {
		b, mErr := json.Marshal(info.Object)
		if mErr != nil {
			out.ObjectErrors = append(out.ObjectErrors, "marshal: "+mErr.Error())
			continue
		}
		out.Objects = append(out.Objects, b)
	}
	if err != nil {
		if agg, ok := err.(utilerrors.Aggregate); ok {
			for _, e := range agg.Errors() {
				out.ObjectErrors = append(out.ObjectErrors, e.Error())
			}
		} else {
			out.ObjectErrors = append(out.ObjectErrors, err.Error())
		}
	}
}

func one(path string) (out result) {
	out = result{File: path, Docs: []json.RawMessage{}, Objects: []json.RawMessage{}, ObjectErrors: []string{}}
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("panic: %v", r)
			out.Error = &msg
		}
	}()
	readDocs(path, &out)
	readObjects(path, &out)
	return out
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println(version)
		return
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<16), 1<<20)
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		if err := enc.Encode(one(in.Text())); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// One answer per line asked: the caller may wait for it before it sends the next batch.
		w.Flush()
	}
}
