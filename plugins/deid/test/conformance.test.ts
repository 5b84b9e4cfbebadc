import { describeDeidentifierConformance } from "@rounds/core/testing";
import { SafeHarborDeidentifier } from "../src/index.ts";

describeDeidentifierConformance("safe-harbor", () => new SafeHarborDeidentifier());
