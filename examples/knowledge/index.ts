// A clinic's receptionist that answers from two knowledge-base documents (a
// handbook file and the clinic's website, crawled) and acts through two tools:
// one calls the booking API with a secret key, one hands the call to the app.
// Passing the resources (not their ids) to the Persona lets Pulumi create them
// first and delete them last.
import * as pulumi from "@pulumi/pulumi";
import { Document, Persona, Tool } from "pulumi-tavus";

const config = new pulumi.Config();

// A file: renaming it (config set handbookName …) is one PATCH of document_name.
const handbook = new Document("handbook", {
  documentUrl: "https://clinic.example.com/files/handbook.pdf",
  documentName: config.get("handbookName") ?? "Clinic handbook",
  tags: ["clinic", "policies"],
  waitForReady: true,
});

// A website, crawled two links deep, at most ten pages. Change `recrawlTrigger`
// to crawl it again (at most once an hour).
const website = new Document("website", {
  documentUrl: "https://clinic.example.com/",
  documentName: "Clinic website",
  tags: ["clinic", "web"],
  crawl: { depth: 2, maxPages: 10 },
  waitForReady: true,
  readyTimeoutSeconds: 600,
  recrawlTrigger: config.get("recrawl"),
});

// Calls the booking API. The header is a secret end to end: Tavus never shows
// it again, and the stack keeps it encrypted. Rotate it with
// `pulumi config set --secret toolKey …`: one PATCH, then nothing.
const bookVisit = new Tool("book-visit", {
  name: "book_visit",
  description: "Books a visit for the caller on the given date.",
  parameters: {
    type: "object",
    properties: {
      date: { type: "string", description: "The day of the visit, YYYY-MM-DD." },
      reason: { type: "string", description: "Why the caller wants to come." },
    },
    required: ["date"],
  },
  delivery: {
    api: {
      url: "https://clinic.example.com/api/bookings",
      method: "POST",
      headers: { "X-Api-Key": config.requireSecret("toolKey") },
    },
  },
});

// Handed to the app as an app message: the front desk takes over.
const callFrontDesk = new Tool("call-front-desk", {
  name: "call_front_desk",
  description: "Hands the caller over to a person at the front desk.",
  delivery: { appMessage: true },
});

const receptionist = new Persona("receptionist", {
  personaName: "Clinic receptionist",
  systemPrompt: "You are the receptionist of a small clinic. Answer from the clinic's documents.",
  documents: [handbook, website],
  tools: [bookVisit, callFrontDesk],
});

export const personaId = receptionist.personaId;
export const documentIds = [handbook.documentId, website.documentId];
export const toolIds = [bookVisit.toolId, callFrontDesk.toolId];
export const crawledUrls = website.crawledUrls;
