// The Tavus account example as a Pulumi Go program (`runtime: go`): `pulumi up` runs it
// through Pulumi's Go language host, which ships with the official Pulumi CLI.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"tavus-go-account-example/account"
)

func main() {
	pulumi.Run(account.Program)
}
