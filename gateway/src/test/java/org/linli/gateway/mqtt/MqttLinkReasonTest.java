package org.linli.gateway.mqtt;

import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttLinkReasonTest {

    @Test
    void shouldPointAtCaFileWhenTheBrokerCertificateIsNotTrusted() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path validation failed");
        handshake.initCause(new CertPathValidatorException("signature check failed", new java.security.SignatureException("Signature does not match.")));

        String reason = MqttLink.reason(new MqttException(handshake));

        assertEquals("TLS: the broker's certificate is not from a trusted CA (check caFile): Signature does not match.", reason);
    }

    @Test
    void shouldSayWhenTheBrokerCertificateNamesAnotherHost() {
        SSLHandshakeException handshake = new SSLHandshakeException("No name matching localhost found");
        handshake.initCause(new CertificateException("No name matching localhost found"));

        assertTrue(MqttLink.reason(new MqttException(handshake))
                .startsWith("TLS: the broker's certificate does not name the host of the broker URI"));
    }

    @Test
    void shouldPointAtTheClientCertificateWhenTheBrokerRefusesIt() {
        String reason = MqttLink.reason(new MqttException(new SSLHandshakeException("Received fatal alert: unknown_ca")));

        assertTrue(reason.startsWith("TLS: the broker refused this gateway's client certificate"), reason);
    }

    @Test
    void shouldLeaveOtherFailuresAsPahoSaysThem() {
        String reason = MqttLink.reason(new MqttException(32103, new ConnectException("Connection refused")));

        assertTrue(reason.endsWith(": Connection refused") && !reason.startsWith("TLS"), reason);
    }
}
