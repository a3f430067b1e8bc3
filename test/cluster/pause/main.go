// Command pause is the pod sandbox ("pause") process of the test cluster: it
// holds the pod's namespaces, reaps orphaned children (it is PID 1 of pods that
// share their PID namespace) and exits on SIGINT/SIGTERM. Same job as
// Kubernetes' build/pause/linux/pause.c, in Go so that it builds with the
// toolchain the cluster already needs.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-v" {
		os.Stdout.WriteString("pause (kubegrade test cluster)\n")
		return
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range sigs {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			var ws syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
