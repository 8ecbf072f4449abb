// A product guide that walks visitors through a deck and a price sheet (the
// `presentation` skill over two documents), looks things up on the web
// (`internetSearch`), and is published on a website as a widget that only the
// allowed origins may embed, behind a password. Passing the resources (not
// their ids) lets Pulumi create them first and delete them last.
import * as pulumi from "@pulumi/pulumi";
import { Deployment, Document, Persona } from "pulumi-tavus";

const config = new pulumi.Config();

// The two documents the presentation skill shows, slide by slide.
const deck = new Document("deck", {
  documentUrl: "https://shop.example.com/files/product-deck.pdf",
  documentName: "Product deck",
  tags: ["widget", "slides"],
  waitForReady: true,
});

const prices = new Document("prices", {
  documentUrl: "https://shop.example.com/files/price-sheet.pdf",
  documentName: "Price sheet",
  tags: ["widget", "slides"],
  waitForReady: true,
});

// The whole set of skills is the persona's: one PUT per skill on create, and a
// skill attached or detached by hand shows as drift on refresh. A changed
// `presentationPrompt` is one PATCH of that skill; `withInternetSearch: false`
// is one DELETE of the other.
const guide = new Persona("guide", {
  personaName: "Product guide",
  systemPrompt: "You are the product guide of a small shop. Present the deck and the prices.",
  skills: {
    ...((config.getBoolean("withInternetSearch") ?? true) ? { internetSearch: {} } : {}),
    presentation: {
      documentIds: [deck.id, prices.id],
      slidesTrigger: "walk_the_deck",
      prompt:
        config.get("presentationPrompt") ??
        "Walk the visitor through the deck, then the price sheet.",
    },
  },
});

// The widget: only these origins may embed it, and visitors give the password.
// The password is write-only: Tavus shows only `hasPassword`; rotate it with
// `pulumi config set --secret widgetPassword …` (one JSON Patch, then nothing).
const widget = new Deployment("widget", {
  pal: guide,
  channel: "widget",
  name: "Shop widget",
  allowedOrigins: config.getObject<string[]>("allowedOrigins") ?? [
    "https://shop.example.com",
    "https://www.shop.example.com",
  ],
  password: config.requireSecret("widgetPassword"),
});

export const personaId = guide.personaId;
export const documentIds = [deck.documentId, prices.documentId];
export const deploymentId = widget.deploymentId;
export const hasPassword = widget.hasPassword;
