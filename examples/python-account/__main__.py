"""The Tavus account of a small clinic as a Pulumi Python program.

The intake objectives, a guardrail and the receptionist persona that points at both,
through the generated Python SDK (sdk/python, package ``pulumi_tavus``) and the
pulumi-resource-tavus plugin. The same account as examples/go-account and
examples/yaml-account. Config: ``systemPrompt`` (optional) and ``llmApiKey`` (a secret),
beside the provider's ``tavus:apiKey`` and ``tavus:baseUrl``.
"""

import pulumi
import pulumi_tavus as tavus

config = pulumi.Config()
system_prompt = config.get("systemPrompt") or "You are the friendly receptionist of a small clinic."

# Three steps; after the first, the conversation branches on whether the caller is new.
intake = tavus.Objectives(
    "intake",
    data=[
        {
            "objective_name": "ask_if_new_patient",
            "objective_prompt": "Ask whether the caller has visited the clinic before.",
            "output_variables": ["is_new_patient"],
            "next_conditional_objectives": {
                "collect_details": "the caller is a new patient",
                "confirm_appointment": "the caller has visited before",
            },
        },
        {
            "objective_name": "collect_details",
            "objective_prompt": "Collect the caller's full name and date of birth.",
            "output_variables": ["full_name", "date_of_birth"],
            "next_required_objectives": ["confirm_appointment"],
        },
        {
            "objective_name": "confirm_appointment",
            "objective_prompt": "Offer the next free appointment and confirm it.",
            "confirmation_mode": tavus.ObjectivesDataConfirmationMode.MANUAL,
        },
    ],
)

no_medical_advice = tavus.Guardrail(
    "noMedicalAdvice",
    guardrail_name="no_medical_advice",
    guardrail_prompt="Never give medical advice; offer an appointment with a doctor instead.",
    tags=["clinic", "safety"],
)

# References by id (`.id`, known while the object is updated): Pulumi creates what the
# persona points at first and deletes it last.
receptionist = tavus.Persona(
    "receptionist",
    persona_name="Clinic receptionist",
    system_prompt=system_prompt,
    objectives_id=intake.id,
    guardrail_ids=[no_medical_advice.id],
    layers=tavus.PersonaLayersArgs(
        llm=tavus.PersonaLayersLlmArgs(
            model="tavus-gpt-oss",
            api_key=config.require_secret("llmApiKey"),
        ),
    ),
)

pulumi.export("personaId", receptionist.persona_id)
pulumi.export("objectivesId", intake.objectives_id)
pulumi.export("guardrailId", no_medical_advice.guardrail_id)
