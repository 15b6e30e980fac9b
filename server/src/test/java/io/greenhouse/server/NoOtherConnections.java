package io.greenhouse.server;

/** For a connection under test that shares its carrier with nobody: it never has to step aside. */
class NoOtherConnections implements FairShare.Others {

    @Override
    public boolean makeWayForNewConnections() {
        return false;
    }

    @Override
    public void letPollerRun() {
    }

    @Override
    public long pollerTurnsTaken() {
        return 0;
    }

    @Override
    public void yieldToWoken() {
    }
}
