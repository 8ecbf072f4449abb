/**
 * A test of the e2e tier runs the real Pulumi CLI several times (preview, up,
 * refresh), each some seconds on 2 cores and more when the machine is busy:
 * its time limit is minutes, not the unit tiers' one minute.
 */
/* global jest */
jest.setTimeout(300_000);
