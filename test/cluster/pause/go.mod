module kubegrade.local/testcluster/pause

go 1.22.0
