package cn.certregistry.body;

public record BodyView(String code, String name, String approvalNumber, String website) {

    public static BodyView of(CertificationBody body) {
        return new BodyView(body.code, body.name, body.approvalNumber, body.website);
    }
}
