// Command coredns is CoreDNS built with only the plugins the test cluster's
// Corefile uses (see ../manifests/coredns.yaml), the way CoreDNS documents for
// custom builds: set dnsserver.Directives and import the plugins. Leaving out
// the cloud and dnstap plugins keeps the build small.
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

// directives keeps the upstream order (plugin.cfg) of the plugins linked in.
var directives = []string{
	"reload",
	"ready",
	"health",
	"errors",
	"log",
	"loadbalance",
	"cache",
	"kubernetes",
	"loop",
}

func init() { dnsserver.Directives = directives }

func main() { coremain.Run() }
