-- AlterEnum
ALTER TYPE "DecisionAction" ADD VALUE 'unflag';
