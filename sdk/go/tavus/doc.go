// Tavus conversational video: personas, replicas, conversations and what a persona points at.
package tavus
