package main

// The Kubernetes release whose readers this is built from (go.mod pins its modules).
const version = "kubernetes-v1.30.14"
