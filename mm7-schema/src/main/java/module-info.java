/**
 * OpenMM7's MM7 schemas: one XSD per namespace, the JAXB classes generated from them (opened to
 * JAXB, which reads them reflectively) and the release registry ({@code org.openmm7.schema}).
 */
module org.openmm7.schema {
  requires transitive java.xml;
  requires transitive jakarta.xml.bind;

  exports org.openmm7.schema;
  exports org.openmm7.schema.jaxb.rel5_1_0;
  exports org.openmm7.schema.jaxb.rel5_1_1;
  exports org.openmm7.schema.jaxb.rel5_1_2;
  exports org.openmm7.schema.jaxb.rel5_1_3;
  exports org.openmm7.schema.jaxb.rel5_1_4;
  exports org.openmm7.schema.jaxb.rel5_1_5;
  exports org.openmm7.schema.jaxb.rel6_1_0;
  exports org.openmm7.schema.jaxb.rel6_1_1;
  exports org.openmm7.schema.jaxb.rel6_1_2;
  exports org.openmm7.schema.jaxb.rel6_1_3;
  exports org.openmm7.schema.jaxb.rel6_1_4;
  exports org.openmm7.schema.jaxb.soap;

  opens org.openmm7.schema.jaxb.rel5_1_0 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel5_1_1 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel5_1_2 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel5_1_3 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel5_1_4 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel5_1_5 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel6_1_0 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel6_1_1 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel6_1_2 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel6_1_3 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.rel6_1_4 to jakarta.xml.bind;
  opens org.openmm7.schema.jaxb.soap to jakarta.xml.bind;
}
