// Package account is the Tavus account of a small clinic as a Pulumi Go program: the
// intake objectives, a guardrail and the receptionist persona that points at both.
// main.go runs it with `pulumi up`; the e2e tier (test/e2e/goSdk.e2e.test.ts) runs this
// same function through the Automation API.
package account

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"pulumi-tavus/sdk/go/tavus"
)

// DefaultSystemPrompt is the persona's prompt unless the stack config sets `systemPrompt`.
const DefaultSystemPrompt = "You are the friendly receptionist of a small clinic."

// Program declares the account. Config: `systemPrompt` (optional) and `llmApiKey`
// (a secret, sent as the persona's layers.llm.apiKey), beside the provider's
// `tavus:apiKey` and `tavus:baseUrl`.
func Program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	systemPrompt := cfg.Get("systemPrompt")
	if systemPrompt == "" {
		systemPrompt = DefaultSystemPrompt
	}

	// Three steps; after the first, the conversation branches on whether the caller is new.
	intake, err := tavus.NewObjectives(ctx, "intake", &tavus.ObjectivesArgs{
		Data: tavus.ObjectivesDataArray{
			tavus.ObjectivesDataArgs{
				ObjectiveName:   pulumi.String("ask_if_new_patient"),
				ObjectivePrompt: pulumi.String("Ask whether the caller has visited the clinic before."),
				OutputVariables: pulumi.StringArray{pulumi.String("is_new_patient")},
				NextConditionalObjectives: pulumi.StringMap{
					"collect_details":     pulumi.String("the caller is a new patient"),
					"confirm_appointment": pulumi.String("the caller has visited before"),
				},
			},
			tavus.ObjectivesDataArgs{
				ObjectiveName:          pulumi.String("collect_details"),
				ObjectivePrompt:        pulumi.String("Collect the caller's full name and date of birth."),
				OutputVariables:        pulumi.StringArray{pulumi.String("full_name"), pulumi.String("date_of_birth")},
				NextRequiredObjectives: pulumi.StringArray{pulumi.String("confirm_appointment")},
			},
			tavus.ObjectivesDataArgs{
				ObjectiveName:    pulumi.String("confirm_appointment"),
				ObjectivePrompt:  pulumi.String("Offer the next free appointment and confirm it."),
				ConfirmationMode: tavus.ObjectivesDataConfirmationMode("manual"),
			},
		},
	})
	if err != nil {
		return err
	}

	noMedicalAdvice, err := tavus.NewGuardrail(ctx, "noMedicalAdvice", &tavus.GuardrailArgs{
		GuardrailName:   pulumi.String("no_medical_advice"),
		GuardrailPrompt: pulumi.String("Never give medical advice; offer an appointment with a doctor instead."),
		Tags:            pulumi.StringArray{pulumi.String("clinic"), pulumi.String("safety")},
	})
	if err != nil {
		return err
	}

	// References by id: Pulumi creates what the persona points at first and deletes it last.
	// ID(), not the guardrailId/objectivesId outputs: an id stays known while its object is
	// being updated, so a preview does not show the persona changing with it.
	receptionist, err := tavus.NewPersona(ctx, "receptionist", &tavus.PersonaArgs{
		PersonaName:  pulumi.String("Clinic receptionist"),
		SystemPrompt: pulumi.String(systemPrompt),
		ObjectivesId: intake.ID().ToStringOutput(),
		GuardrailIds: pulumi.StringArray{noMedicalAdvice.ID().ToStringOutput()},
		Layers: &tavus.PersonaLayersArgs{
			Llm: &tavus.PersonaLayersLlmArgs{
				Model:  pulumi.String("tavus-gpt-oss"),
				ApiKey: cfg.RequireSecret("llmApiKey"),
			},
		},
	})
	if err != nil {
		return err
	}

	ctx.Export("personaId", receptionist.PersonaId)
	ctx.Export("objectivesId", intake.ObjectivesId)
	ctx.Export("guardrailId", noMedicalAdvice.GuardrailId)
	return nil
}
