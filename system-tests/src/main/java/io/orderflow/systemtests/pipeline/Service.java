package io.orderflow.systemtests.pipeline;

/** The pipeline's services, by the module that builds each. */
public enum Service {
    ORDER("order-service"),
    PAYMENT("payment-service"),
    SHIPPING("shipping-service");

    private final String module;

    Service(String module) {
        this.module = module;
    }

    public String module() {
        return module;
    }
}
